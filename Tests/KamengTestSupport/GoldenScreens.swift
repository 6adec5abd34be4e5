import Foundation
import TerminalUI
import Testing

/// Golden-file snapshots of rendered screens: the one harness of the test targets.
///
/// Each target keeps its goldens in its own `Golden/` folder, found through `#filePath` so they work
/// from a fresh clone and recording writes them back into the source tree. Record or re-record with
/// `KAMENG_RECORD_GOLDEN=1 swift test`: every check then writes its file and records an issue saying so
/// (a recording run is never green, so it cannot be mistaken for a passing one). A missing golden fails.
///
/// Format: a `size WxH cursor X,Y` line, then each row followed by `|` so trailing spaces are visible
/// (a wide character is printed once, its continuation cell skipped, so in a CJK-aware editor the `|`s
/// line up). With `styles: true`, a `--- styles` block follows with one letter per cell: the role
/// (`roleLetters`), upper case when reversed. Every checked screen must also keep `Screen`'s invariants.
public struct GoldenScreens: Sendable {
    public let directory: URL

    /// Goldens in the `Golden` folder beside `file` (pass `#filePath`).
    public init(besides file: String) {
        directory = URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("Golden")
    }

    public static var recording: Bool { ProcessInfo.processInfo.environment["KAMENG_RECORD_GOLDEN"] == "1" }

    public static let roleLetters: [StyleRole: Character] = [
        .normal: ".", .selected: "s", .header: "h", .muted: "m", .ok: "o", .warn: "w", .danger: "d",
        .accent: "a", .border: "b", .title: "t", .hint: "i", .hintKey: "k", .tabActive: "x",
        .tabInactive: "y", .dialog: "g", .input: "n", .sparkline: "p", .progress: "r",
    ]

    public static func text(_ screen: Screen, styles: Bool = false) -> String {
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
    public func check(_ screen: Screen, _ name: String, styles: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) {
        let actual = Self.text(screen, styles: styles)
        let url = directory.appendingPathComponent(name + ".txt")
        let violations = screen.invariantViolations()
        #expect(violations.isEmpty, "\(name): \(violations.joined(separator: "; "))", sourceLocation: sourceLocation)
        if Self.recording {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
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
