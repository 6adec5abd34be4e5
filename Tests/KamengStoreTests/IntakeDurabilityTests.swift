import Foundation
import GRDB
import KamengDomain
import Testing
@_spi(Benchmark) @testable import KamengStore
import KamengStoreInterface

/// Intake groups commit unsynced and are made durable beside the writer (`IntakeDurability`), with
/// their WAL frames written in one call per commit (`CWalWrites`). What the rest of the store relies on
/// must not change: other connections read every committed group, the writer connection goes back to
/// `synchronous = FULL`, and the WAL stays bounded.
@Suite("Intake: durability beside the writer")
struct IntakeDurabilityTests {
    static func lines(_ f: IntakeFixture, orders: Int) -> [String] {
        (0..<orders).flatMap { i in
            [f.line(f.order("D\(i)", ip: "10.9.\(i % 250).\(i / 250)", at: Double(i) * 60)), f.line(f.payment("D\(i)", at: Double(i) * 60 + 1))]
        }
    }

    static func run(_ f: IntakeFixture, _ lines: [String], groupLines: Int, restartFrames: Int32 = IntakeDurability.restartFrames,
                    onGroup: ((IntakeGroupReport) -> Void)? = nil) throws -> IntakeSummary {
        var options = IntakeOptions(rules: .defaults, source: "durable.jsonl")
        options.groupLines = groupLines
        options.walRestartFrames = restartFrames
        return try f.store.ingest(.bytes(Array(lines.joined(separator: "\n").utf8)), options: options, by: f.t.admin, onGroup: onGroup)
    }

    static func writerSettings(_ store: KamengStore) throws -> [Int] {
        try store.pool.writeWithoutTransaction { db in
            try ["synchronous", "wal_autocheckpoint", "temp_store"].map { try Int.fetchOne(db, sql: "PRAGMA \($0)") ?? -1 }
        }
    }

    @Test("after a run, and after a run whose input fails, the writer is back to FULL with automatic checkpoints")
    func settingsRestored() throws {
        let f = try IntakeFixture()
        try f.ingest([f.line(f.order("S1")), f.line(f.payment("S1"))])
        #expect(try Self.writerSettings(f.store) == [2, 1000, 0])
        // Reading a directory fails: the run throws, and nothing of the intake settings is left behind.
        let fd = open(NSTemporaryDirectory(), O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        #expect(throws: (any Error).self) {
            try f.store.ingest(.fileDescriptor(fd), options: IntakeOptions(rules: .defaults, source: "dir"), by: f.t.admin)
        }
        #expect(try Self.writerSettings(f.store) == [2, 1000, 0])
    }

    @Test("groups are reported in order once durable; another connection reads every one; frames go out combined")
    func reportedWhenDurable() throws {
        let f = try IntakeFixture(keys: 200)
        let before = KamengStore.walWriteStats()
        var reports: [IntakeGroupReport] = []
        let summary = try Self.run(f, Self.lines(f, orders: 150), groupLines: 20) { reports.append($0) }
        let after = KamengStore.walWriteStats()
        #expect(summary.delivered == 150 && summary.groups == reports.count && reports.count >= 15)
        #expect(reports.last?.summary == summary)
        let firstLines = reports.compactMap { $0.lines.first?.number }
        #expect(firstLines == firstLines.sorted() && Set(firstLines).count == firstLines.count)
        #expect(zip(reports, reports.dropFirst()).allSatisfy { $0.committedAt <= $1.committedAt })
        #expect(reports.allSatisfy { report in report.lines.allSatisfy { $0.readAt <= report.committedAt } })
        // Frames went through the shim, several to a call. Other suites running meanwhile add at least
        // one frame per call of their own, so the comparison holds whatever they do.
        let frames = after.frames - before.frames, writes = after.writes - before.writes
        #expect(frames >= 150 && frames > writes, "\(frames) frames in \(writes) writes")
        // A connection of its own, opened after the run, sees all of it.
        let other = try DatabaseQueue(path: f.store.path)
        let seen: [String] = try other.read { db in
            [try String.fetchOne(db, sql: "SELECT count(*) FROM orders WHERE status = 'delivered'") ?? "",
             try String.fetchOne(db, sql: "SELECT count(*) FROM card_keys WHERE status = 'sold'") ?? "",
             try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? ""]
        }
        #expect(seen == ["150", "150", "ok"])
    }

    /// The WAL file's size: it only grows when frames are appended past its end, so a WAL that starts
    /// again from its beginning stays near the limit however much is written.
    static func walBytes(_ store: KamengStore) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: store.path + "-wal"))?[.size] as? Int) ?? -1
    }

    @Test("past the WAL limit the writer waits for a checkpoint and the WAL starts again (and without a limit it grows)")
    func walBounded() throws {
        func run(limit: Int32) throws -> (bytes: Int, summary: IntakeSummary) {
            let f = try IntakeFixture(keys: 400)
            let lines = Self.lines(f, orders: 400)
            // On a thread, so that a writer that never stops waiting fails the test instead of hanging it.
            let finished = DispatchSemaphore(value: 0)
            nonisolated(unsafe) var result: Result<IntakeSummary, any Error>?
            nonisolated(unsafe) let fixture = f
            Thread { result = Result { try Self.run(fixture, lines, groupLines: 10, restartFrames: limit) }; finished.signal() }.start()
            guard finished.wait(timeout: .now() + 120) == .success, let result else {
                Issue.record("the ingest run did not finish within 120 s")
                return (-1, IntakeSummary())
            }
            return (Self.walBytes(f.store), try result.get())
        }
        let bounded = try run(limit: 40)
        let unbounded = try run(limit: .max)
        #expect(bounded.summary.delivered == 400 && unbounded.summary.delivered == 400)
        // 80 groups of tens of frames: without restarts the WAL holds them all. With them it holds what
        // was written between two checkpoints (every fourth group) past the limit, a few hundred frames.
        #expect(unbounded.bytes > 3 * bounded.bytes, "WAL bytes: \(unbounded.bytes) unbounded, \(bounded.bytes) bounded")
        #expect(bounded.bytes > 0 && bounded.bytes < 400 * 4_120, "bounded WAL: \(bounded.bytes) bytes")
    }
}
