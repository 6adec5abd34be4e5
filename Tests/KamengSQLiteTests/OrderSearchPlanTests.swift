import Foundation
import GRDB
import KamengDomain
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage
import Testing

/// The console's order list and its `/` filters over a million orders: every shape must reach its rows
/// through an index, and every shape but the word search (its ids from four lookup indexes are a few rows, then
/// sorted) must read them newest first off the index, with no sort of the matches and never OFFSET —
/// so the first page and the thousandth cost the same. SQLite's plan does not depend on the row count
/// here (no ANALYZE statistics), so a small store shows the plan the 1M-order demo gets.
@Suite("order list and filter query plans")
struct OrderSearchPlanTests {
    static let cursor = OrderCursor(createdAt: Date(timeIntervalSince1970: 1_790_000_000), id: 500)

    static func query(_ text: String) -> OrderQuery { OrderQuery.parse(text) }

    /// The plan's lines for a filter typed in the console, with and without a page cursor.
    static func plans(_ store: SQLiteStore, _ query: OrderQuery) throws -> [[String]] {
        try [nil, cursor].map { cursor in
            let (sql, arguments) = SQLiteStore.searchStatement(query, after: cursor, limit: 50)
            return try store.queryPlan(sql, arguments: arguments)
        }
    }

    static func scansOrders(_ plan: [String]) -> Bool { plan.contains { $0.hasPrefix("SCAN o") || $0.hasPrefix("SCAN orders") } }
    static func sorts(_ plan: [String]) -> Bool { plan.contains { $0.contains("TEMP B-TREE FOR ORDER BY") } }

    @Test(arguments: ["status:flagged", "sub:sh-test", "sku:QQ-100", "status:refunded sub:sh-test", "sku:QQ-100 sub:sh-test",
                      "status:paid sku:QQ-100", "status:paid sub:sh-test sku:QQ-100"])
    func narrowingFiltersReadNewestFirstOffAnIndex(_ text: String) throws {
        let t = try TestStore()
        for plan in try Self.plans(t.store, Self.query(text)) {
            #expect(!Self.scansOrders(plan), "\(text): \(plan)")
            #expect(!Self.sorts(plan), "\(text) sorts its matches: \(plan)")
            #expect(plan.contains { $0.contains("SEARCH o USING INDEX") }, "\(text): \(plan)")
        }
    }

    @Test(arguments: ["u100123", "203.0.113.77", "dev-farm-0001", "202611230000953", "u100123 status:delivered", "u100123 sub:sh-test",
                      "u100123 sku:QQ-100", "u100123 status:refunded sub:sh-test sku:QQ-100"])
    func wordsUseTheFourLookupIndexes(_ text: String) throws {
        let t = try TestStore()
        for plan in try Self.plans(t.store, Self.query(text)) {
            #expect(!Self.scansOrders(plan), "\(text): \(plan)")
            // Each of order_no, buyer, IP and device is looked up through an index led by that column.
            for index in ["orders_by_order_no", "orders_by_buyer", "orders_by_ip_buyer", "orders_by_device_buyer"] {
                #expect(plan.contains { $0.contains(index) }, "\(text) without \(index): \(plan)")
            }
        }
    }

    @Test func theUnfilteredListPagesByKey() throws {
        let t = try TestStore()
        for cursor in [nil, Self.cursor] {
            let (sql, arguments) = SQLiteStore.recentStatement(status: nil, after: cursor, limit: 50)
            #expect(!sql.uppercased().contains("OFFSET"))
            let plan = try t.store.queryPlan(sql, arguments: arguments)
            #expect(plan.contains { $0.contains("orders_by_created") }, "\(plan)")
            #expect(!Self.sorts(plan), "\(plan)")
            if cursor != nil { #expect(plan.contains { $0.contains("created_ms<") }, "the cursor bounds the index range: \(plan)") }
        }
    }

    @Test func aSubstationPageStartsAtTheCursor() throws {
        let t = try TestStore()
        let plan = try Self.plans(t.store, Self.query("sub:sh-test"))[1]
        #expect(plan.contains { $0.contains("orders_by_substation (substation_id=? AND created_ms<?)") }, "\(plan)")
    }
}
