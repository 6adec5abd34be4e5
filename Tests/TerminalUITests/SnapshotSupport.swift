import Foundation
import Testing
import TerminalUI

/// Golden-file snapshots of rendered screens.
///
/// Goldens live in Tests/TerminalUITests/Golden/NAME.txt and are found through `#filePath`, so they work
/// from a fresh clone and recording writes them back into the source tree (a bundle resource would be a
/// copy inside .build). Record or re-record with `KAMENG_RECORD_GOLDEN=1 swift test`: every snapshot test
/// then writes its file and records an issue saying so (a recording run is never green, so it cannot be
/// mistaken for a passing one). A missing golden fails.
///
/// Format: a `size WxH cursor X,Y` line, then each row followed by `|` so trailing spaces are visible
/// (a wide character is printed once, its continuation cell skipped, so in a CJK-aware editor the `|`s
/// line up). With `styles: true`, a `--- styles` block follows with one letter per cell: the role
/// (`Snapshot.roleLetters`), upper case when reversed.
enum Snapshot {
    static let goldenDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden")

    static var recording: Bool { ProcessInfo.processInfo.environment["KAMENG_RECORD_GOLDEN"] == "1" }

    static let roleLetters: [StyleRole: Character] = [
        .normal: ".", .selected: "s", .header: "h", .muted: "m", .ok: "o", .warn: "w", .danger: "d",
        .accent: "a", .border: "b", .title: "t", .hint: "i", .hintKey: "k", .tabActive: "x",
        .tabInactive: "y", .dialog: "g", .input: "n", .sparkline: "p", .progress: "r",
    ]

    static func text(_ screen: Screen, styles: Bool = false) -> String {
        let cursor = screen.cursor.map { "\($0.x),\($0.y)" } ?? "none"
        var out = ["size \(screen.width)x\(screen.height) cursor \(cursor)"]
        out += screen.lines.map { $0 + "|" }
        if styles {
            out.append("--- styles")
            for y in 0..<screen.height {
                out.append(String((0..<screen.width).map { x -> Character in
                    let style = screen[x, y].style
                    let letter = roleLetters[style.role] ?? "?"
                    if !style.reverse { return letter }
                    return letter == "." ? "#" : Character(letter.uppercased())
                }) + "|")
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// Compares `screen` with the golden `name`, or records it when recording.
    static func check(_ screen: Screen, _ name: String, styles: Bool = false,
                      sourceLocation: SourceLocation = #_sourceLocation) {
        let actual = text(screen, styles: styles)
        let url = goldenDirectory.appendingPathComponent(name + ".txt")
        let violations = screen.invariantViolations()
        #expect(violations.isEmpty, "\(name): \(violations.joined(separator: "; "))", sourceLocation: sourceLocation)
        if recording {
            do {
                try FileManager.default.createDirectory(at: goldenDirectory, withIntermediateDirectories: true)
                try actual.write(to: url, atomically: true, encoding: .utf8)
                Issue.record("Recorded golden \(name).txt (KAMENG_RECORD_GOLDEN=1); review it and rerun without", sourceLocation: sourceLocation)
            } catch {
                Issue.record("Could not record golden \(name).txt: \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("Missing golden \(url.path); run with KAMENG_RECORD_GOLDEN=1 to create it", sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            Issue.record("Golden \(name).txt differs.\n--- expected\n\(expected)--- actual\n\(actual)", sourceLocation: sourceLocation)
        }
    }
}

/// Shared sample data: mixed Chinese/ASCII, one very long name, one with a control character.
enum Sample {
    static let longName = "腾讯视频VIP会员年卡12个月官方直充自动到账（限新用户，每个QQ号限购一次）超长商品名称测试"
    static let columns = [
        Table.Column("商品", minWidth: 8, weight: 3),
        Table.Column("Price", minWidth: 6, weight: 1, alignment: .right),
        Table.Column("库存", minWidth: 4, weight: 1, alignment: .right),
        Table.Column("Status", minWidth: 6, weight: 1, alignment: .center),
    ]
    static let rows = [
        Table.Row(["腾讯Q币100元直充", "98.50", "1200", "在售"]),
        Table.Row([longName, "238.00", "7", "low"], role: .warn),
        Table.Row(["Steam Wallet $20", "139.00", "0", "售罄"], role: .danger),
        Table.Row(["网易一卡通50点", "48.00", "350", "ok"]),
        Table.Row(["iTunes\u{1B}[31m Gift 100", "680.00", "88", "在售"]),
        Table.Row(["王者荣耀点券60", "6.00", "9999", "在售"]),
    ]
    static func table(selected: Int? = 0, glyphs: Glyphs = .unicode) -> Table {
        Table(columns: columns, rows: rows, selected: selected, sort: Table.Sort(column: 1, descending: true),
              glyphs: glyphs)
    }
}
