import Foundation
import KamengDomain
import TerminalUI

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

    /// Display columns, measured exactly as the console measures them (glibc wcwidth under C.UTF-8).
    static func width(_ text: String) -> Int { DisplayWidth.width(of: text) }
}

extension Money {
    /// "12.34" for tables, sign-free currency so columns line up.
    var plain: String { yuanString }
}
