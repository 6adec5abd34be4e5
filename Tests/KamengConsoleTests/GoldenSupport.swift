import Foundation
import TerminalUI
import Testing

/// Golden-file snapshots of whole console screens, the same approach and format as TerminalUITests'
/// `Snapshot` (found via #filePath; `KAMENG_RECORD_GOLDEN=1` records, and a recording run is never green).
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static var recording: Bool { ProcessInfo.processInfo.environment["KAMENG_RECORD_GOLDEN"] == "1" }

    static func text(_ screen: Screen) -> String {
        (["size \(screen.width)x\(screen.height)"] + screen.lines.map { $0 + "|" }).joined(separator: "\n") + "\n"
    }

    static func check(_ screen: Screen, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let violations = screen.invariantViolations()
        #expect(violations.isEmpty, "\(name): \(violations.joined(separator: "; "))", sourceLocation: sourceLocation)
        let actual = text(screen)
        let url = directory.appendingPathComponent(name + ".txt")
        if recording {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("Recorded golden \(name).txt; review it and rerun without KAMENG_RECORD_GOLDEN", sourceLocation: sourceLocation)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("Missing golden \(url.path); run with KAMENG_RECORD_GOLDEN=1", sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            Issue.record("Golden \(name).txt differs.\n--- expected\n\(expected)--- actual\n\(actual)", sourceLocation: sourceLocation)
        }
    }
}
