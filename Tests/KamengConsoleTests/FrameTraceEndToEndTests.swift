import Foundation
import KamengTestSupport
import Testing

/// The frame trace `kameng-bench console` reads (`KAMENG_FRAME_TRACE`), on the real binary in tmux: the
/// startup milestones, then one record per key, each ending at or after the moment its key arrived,
/// including keys whose frame waits for a query (a page load, a filter keystroke). Not a timing test:
/// it checks that the records are there and well formed, not how fast they are.
@Suite("frame trace end to end", .enabled(if: TmuxSession.isAvailable), .serialized)
struct FrameTraceEndToEndTests {
    struct Record {
        var from: UInt64
        var to: UInt64
        var name: String
    }

    static func records(_ path: String) -> [Record] {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count >= 3, let from = UInt64(fields[0]), let to = UInt64(fields[1]) else { return nil }
            return Record(from: from, to: to, name: String(fields[2]))
        }
    }

    @Test func keysAndStartupAreTraced() throws {
        let demo = try TinyDemo("frame-trace")
        defer { withExtendedLifetime(demo) {} }
        let trace = demo.dir.appendingPathComponent("trace.txt").path
        let session = try TmuxSession(command: "exec '\(EndToEndTests.binary)' --db '\(demo.db)' --lang en", width: 120, height: 40,
                                      environment: demo.environment.merging(["LANG": "C.UTF-8", "KAMENG_FRAME_TRACE": trace]) { $1 })
        defer { session.kill() }
        try session.waitFor("Orders", timeout: .seconds(30))
        func waitForRecords(_ count: Int) throws -> [Record] {
            var records: [Record] = []
            try session.waitUntil(timeout: .seconds(30)) { _ in
                records = Self.records(trace).filter { !$0.name.hasPrefix("@") }
                return records.count >= count
            }
            return records
        }
        // One key at a time, each sent once the previous one's record is in: pane switches, page downs
        // past the first loaded page (a query), then a filter typed and erased (a query per keystroke).
        let keys: [(send: String, literal: Bool, name: String)] = [
            ("2", false, "2"), ("Tab", false, "tab"), ("3", false, "3"),
            ("NPage", false, "pgdn"), ("NPage", false, "pgdn"), ("NPage", false, "pgdn"),
            ("/", true, "/"), ("u", true, "u"), ("1", true, "1"), ("BSpace", false, "backspace"), ("Escape", false, "esc"),
        ]
        for (index, key) in keys.enumerated() {
            if key.literal { try session.type(key.send) } else { try session.sendKeys(key.send) }
            _ = try waitForRecords(index + 1)
        }
        let all = Self.records(trace)
        let names = all.filter { !$0.name.hasPrefix("@") }.map(\.name)
        #expect(names == keys.map(\.name), "one record per key, in order: \(names)")
        for record in all {
            #expect(record.to >= record.from, "frame at or after its key: \(record)")
        }
        // The milestones come once each, after the process started and in order.
        let milestones = Dictionary(all.filter { $0.name.hasPrefix("@") }.map { ($0.name, $0) }) { first, _ in first }
        let first = try #require(milestones["@first-frame"])
        let listed = try #require(milestones["@orders-shown"])
        #expect(first.to <= listed.to)
        if let settled = milestones["@settled"] { #expect(listed.to <= settled.to) }
        #expect(all.filter { $0.name == "@first-frame" }.count == 1)
        try session.type("q")
        try session.waitUntil(timeout: .seconds(30)) { _ in (try? session.hasExited()) == true }
    }
}
