import Foundation
import GRDB
@testable import KamengSQLite
import KamengStorage
import Testing

/// Live updates survive a moment when the change counter cannot be read: the tick is skipped and the
/// next one asks again (the sequence used to end at the first failure, and a console stopped following
/// other processes' commits for the rest of its session).
@Suite("change polling through failures")
struct ChangePollingTests {
    final class Flaky: @unchecked Sendable {
        private let lock = NSLock()
        private var calls = 0
        /// nil for the first two asks, then 7.
        func next() -> Int? {
            lock.lock(); defer { lock.unlock() }
            calls += 1
            return calls <= 2 ? nil : 7
        }
    }

    @Test("a probe that fails twice and then answers still gives the baseline")
    func skipsFailedTicks() async {
        let flaky = Flaky()
        var iterator = ChangeNotices.polling(every: .milliseconds(1), skippingFailures: true) { flaky.next() }.makeAsyncIterator()
        let first = await iterator.next()
        #expect(first == ChangeNotice(version: 7))
    }

    @Test("the poller opens a new connection after one that could not be opened")
    func reopens() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("poller-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("x.sqlite").path
        let poller = DataVersionPoller { try DataVersionProbe(path: path) }
        // No file yet: the read-only probe cannot open it.
        #expect(poller.version() == nil)
        let writer = try GRDB.DatabaseQueue(path: path)
        try writer.write { try $0.execute(sql: "CREATE TABLE t (x)") }
        #expect(poller.version() != nil)
    }
}
