import Dispatch
import Foundation
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage
import Testing

/// The console's change detector: `PRAGMA data_version` on a connection of its own, so the pool's
/// readers serving other queries at the same time never look like a commit.
@Suite("data version probe")
struct DataVersionProbeTests {
    @Test func seesCommitsAndNotReads() throws {
        let t = try TestStore()
        let probe = try t.store.makeDataVersionProbe()
        let first = try probe.version()
        #expect(try probe.version() == first, "nothing committed")
        // Reads on several pool connections at once (as the console's list and refresh queues do).
        let store = t.store
        DispatchQueue.concurrentPerform(iterations: 8) { _ in _ = try? store.recentOrders(limit: 5) }
        #expect(try probe.version() == first, "reads are not commits")
        try t.addProduct()  // a commit through the store's writer: another connection, for the probe
        let second = try probe.version()
        #expect(second != first)
        #expect(try probe.version() == second)
    }
}
