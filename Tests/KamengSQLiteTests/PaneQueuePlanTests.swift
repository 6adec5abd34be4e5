import Foundation
import GRDB
import KamengDomain
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage
import Testing

/// v13: the two lists a pane switch waits for are read, not computed. The risk queue walks its partial
/// index in queue order (no sort of every flagged order); the batch list reads each batch's kept count
/// (no count of its keys). SQLite's plan does not depend on the row count here (no ANALYZE), so a small
/// store shows the plan the 5M-order demo gets.
@Suite("pane queue plans")
struct PaneQueuePlanTests {
    @Test func theRiskQueueReadsItsIndexInQueueOrder() throws {
        let t = try TestStore()
        let plan = try t.store.queryPlan(SQLiteStore.heldOrdersSQL, arguments: [500])
        #expect(plan.contains { $0.contains("orders_held_in_queue_order") }, "\(plan)")
        #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "the queue sorts its orders: \(plan)")
    }

    @Test func theQueueTallyReadsOnlyTheIndex() throws {
        let t = try TestStore()
        let plan = try t.store.queryPlan(SQLiteStore.heldQueueTallySQL, arguments: [])
        #expect(plan.contains { $0.contains("COVERING INDEX orders_held_in_queue_order") }, "\(plan)")
    }

    @Test func theBatchListCountsNoKeys() throws {
        let t = try TestStore()
        let plan = try t.store.queryPlan("""
            SELECT b.*, p.sku AS product_sku FROM import_batches b JOIN products p ON p.id = b.product_id ORDER BY b.id DESC LIMIT ?
            """, arguments: [200])
        #expect(!plan.contains { $0.contains("card_keys") }, "\(plan)")
    }

    @Test("the risk queue's order survives the index: score, then the longest waiting, then id; flagged orders only")
    func heldOrdersInQueueOrder() throws {
        let t = try TestStore()
        let product = try t.addProduct()
        let station = try t.addSubstation()
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        var expected: [(score: Int, created: Date, id: Int64)] = []
        for n in 0..<24 {
            var order = t.order("HELD-\(n)", product: product, station: station)
            // Three scores, creation times out of id order and two orders sharing one time.
            order.createdAt = start.addingTimeInterval(Double((n * 7) % 11) * 60)
            order.riskScore = [40, 90, 70][n % 3]
            let id = try t.store.createOrder(order)
            if n % 5 == 4 { continue }  // left pending: not in the queue
            try t.rawExecute("UPDATE orders SET status = 'flagged', risk_score = \(order.riskScore) WHERE id = \(id)")
            expected.append((order.riskScore, order.createdAt, id))
        }
        expected.sort { a, b in a.score != b.score ? a.score > b.score : a.created != b.created ? a.created < b.created : a.id < b.id }
        #expect(try t.store.heldOrders(limit: 500).map { $0.order.id! } == expected.map(\.id))
        #expect(try t.store.heldOrders(limit: 5).map { $0.order.id! } == expected.prefix(5).map(\.id))
    }
}
