import Foundation
import GRDB
import KamengDomain
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage
import Testing

/// v20: the sender's poll and the backlog tally read the outbox's partial indexes, not the whole table
/// (which keeps every delivered notice). As in `PaneQueuePlanTests`, the plan does not depend on the
/// row count here.
@Suite("outbox plans")
struct OutboxPlanTests {
    @Test func theSenderReadsOnlyDueNotices() throws {
        let t = try TestStore()
        let plan = try t.store.queryPlan(SQLiteStore.dueNoticesSQL, arguments: ["2026-12-01 00:00:00.000", 4, 100])
        #expect(plan.contains { $0.contains("x USING INDEX outbox_due") }, "\(plan)")
    }

    @Test func theBacklogReadsOnlyUndeliveredNotices() throws {
        let t = try TestStore()
        let plan = try t.store.queryPlan(SQLiteStore.outboxBacklogSQL, arguments: [])
        #expect(plan.contains { $0.contains("outbox_undelivered") }, "\(plan)")
        #expect(!plan.contains { $0.contains("SCAN x") && !$0.contains("INDEX") }, "\(plan)")
    }
}
