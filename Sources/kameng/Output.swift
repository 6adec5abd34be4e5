import Foundation
import KamengDomain
import TerminalUI

/// Prints tables for people and JSON for scripts: the one way the CLI writes text. Every line, cell
/// and prompt passes through `TerminalSafe.visible`, so a product or a file named with an escape
/// sequence prints as text, not as a command to the terminal, whichever command prints it.
enum Output {
    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        var data = Data(terminalSafeJSON(String(decoding: try encoder.encode(value), as: UTF8.self)).utf8)
        data.append(0x0A)
        FileHandle.standardOutput.write(data)
    }

    /// JSONEncoder escapes only C0 controls; C1 controls (U+009B is CSI), bidi overrides and zero-width
    /// characters would reach a terminal raw. They can only occur inside JSON strings, where `\uXXXX`
    /// means the same character, so the data round-trips unchanged and the text is safe to print.
    static func terminalSafeJSON(_ json: String) -> String {
        guard json.unicodeScalars.contains(where: { $0.value >= 0x20 && TerminalSafe.needsEscaping($0) }) else { return json }
        var out = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            if scalar.value >= 0x20, TerminalSafe.needsEscaping(scalar) {
                out.append(contentsOf: String(format: "\\u%04x", scalar.value).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Every cell passes through `TerminalSafe.visible` here, so no caller can forget it.
    static func table(_ headers: [String], _ rows: [[String]]) {
        let safeRows = rows.map { $0.map(TerminalSafe.visible) }
        var widths = headers.map(width)
        for row in safeRows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], width(cell)) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in i == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - width(cell)) }
                .joined(separator: "  ")
        }
        var text = line(headers) + "\n"
        for row in safeRows { text += line(row) + "\n" }
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// A line (or lines) for people on standard output; line breaks are kept, everything else that
    /// would act on a terminal is shown as text.
    static func say(_ text: String) {
        FileHandle.standardOutput.write(Data((safe(text) + "\n").utf8))
    }

    /// A question or a status line on standard error, sanitised like `say`; no line break is added,
    /// so the answer is typed after it.
    static func ask(_ text: String) {
        FileHandle.standardError.write(Data(safe(text).utf8))
    }

    /// A progress line redrawn in place on standard error: the text is sanitised, then the carriage
    /// return that puts it at the start of the line is Kameng's own.
    static func progress(_ text: String) {
        FileHandle.standardError.write(Data(("\r" + safe(text)).utf8))
    }

    /// Kameng's own terminal sequences (alternate screen, clear line), never data: the only writes
    /// that bypass the sanitiser, so every one is a literal in this file.
    enum Control: String {
        case clearProgressLine = "\r\u{1B}[K"
        case enterAlternateScreen = "\u{1B}[?1049h\u{1B}[H\u{1B}[2J"
        case leaveAlternateScreen = "\u{1B}[2J\u{1B}[3J\u{1B}[?1049l\u{1B}[0m"
    }

    static func control(_ sequence: Control, to handle: FileHandle = .standardOutput) {
        handle.write(Data(sequence.rawValue.utf8))
    }

    /// Display columns, measured exactly as the console measures them (glibc wcwidth under C.UTF-8).
    static func width(_ text: String) -> Int { DisplayWidth.width(of: text) }
}

extension Money {
    /// "12.34" for tables, sign-free currency so columns line up.
    var plain: String { yuanString }
}
