import Foundation
import KamengDomain

/// Prints tables for people and JSON for scripts. Every cell passes through `TerminalSafe.visible`,
/// so a product named with an escape sequence prints as text, not as a command to the terminal.
enum Output {
    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        var data = try encoder.encode(value)
        data.append(0x0A)
        FileHandle.standardOutput.write(data)
    }

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

    static func say(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// Display columns: East Asian wide characters count two (close enough for CLI tables).
    static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { sum, s in
            let v = s.value
            let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
                || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
                || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
            return sum + (wide ? 2 : 1)
        }
    }
}

extension Money {
    /// "12.34" for tables, sign-free currency so columns line up.
    var plain: String { yuanString }
}
