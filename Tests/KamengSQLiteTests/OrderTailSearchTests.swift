import Foundation
import GRDB
import KamengDomain
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage
import Testing

/// Support reads a cut order number's end off the screen (`SIM1…30-1000000`) and types it into `/`:
/// a word at least `Schema.orderTailLength` characters long that is no order's whole number finds the
/// orders whose number ends with it, through the tail index (`v12 order number tails`).
@Suite("order search by the end of the number")
struct OrderTailSearchTests {
    static let numbers = [
        "SIM1796177330-12", "SIM1796177330-112", "SIM2796177330-12", "XSIM1796177330-12",
        "PAY_A_0001234", "PAYxA_0001234", "202611220004977",
    ]

    /// A store holding an order for each of `numbers`, in that order (so the last is the newest).
    static func store() throws -> TestStore {
        let t = try TestStore()
        let product = try t.addProduct()
        let station = try t.addSubstation()
        for (i, number) in numbers.enumerated() {
            var order = t.order(number, product: product, station: station)
            order.buyer = "buyer-\(i)"
            order.createdAt = Date(timeIntervalSince1970: 1_795_000_000 + Double(i))
            try t.store.createOrder(order)
        }
        return t
    }

    static func found(_ t: TestStore, _ text: String) throws -> Set<String> {
        Set(try t.store.searchOrders(OrderQuery.parse(text)).map(\.order.orderNo))
    }

    @Test func aTailFindsTheOrdersEndingWithIt() throws {
        let t = try Self.store()
        #expect(try Self.found(t, "177330-112") == ["SIM1796177330-112"], "one order ends so")
        #expect(try Self.found(t, "6177330-12") == ["SIM1796177330-12", "SIM2796177330-12", "XSIM1796177330-12"],
                "several do; -112 ends in 77330-112, not in 6177330-12")
        #expect(try Self.found(t, "20004977") == ["202611220004977"], "exactly the index's length")
        #expect(try Self.found(t, "IM1796177330-12") == ["SIM1796177330-12", "XSIM1796177330-12"])
    }

    @Test func whatIsShownPastedWithItsEllipsisFindsTheOrder() throws {
        let t = try Self.store()
        #expect(try Self.found(t, "…177330-112") == ["SIM1796177330-112"])
        #expect(try Self.found(t, "...177330-112") == ["SIM1796177330-112"])
        #expect(try Self.found(t, "…177330-112 status:pending") == ["SIM1796177330-112"])
    }

    @Test func aWholeNumberMatchesOnlyItself() throws {
        let t = try Self.store()
        // XSIM1796177330-12 ends with it too, but the whole number names one order.
        #expect(try Self.found(t, "SIM1796177330-12") == ["SIM1796177330-12"])
        #expect(try Self.found(t, "202611220004977") == ["202611220004977"])
    }

    @Test func aShortWordMatchesOnlyWholeValues() throws {
        let t = try Self.store()
        #expect(Schema.orderTailLength == 8)
        #expect(try Self.found(t, "7330-12").isEmpty, "7 characters: too short to be matched as a tail")
        #expect(try Self.found(t, "77330-12") == ["SIM1796177330-12", "SIM2796177330-12", "XSIM1796177330-12"], "8 characters")
        #expect(try Self.found(t, "buyer-1") == ["SIM1796177330-112"], "a buyer still matches whole")
    }

    @Test func likeMetacharactersInATailAreLiteral() throws {
        let t = try Self.store()
        // Order numbers may hold `_`, LIKE's any-one-character: as a pattern `_A_0001234` would also match
        // PAYxA_0001234, and `%A_0001234` both.
        #expect(try Self.found(t, "_A_0001234") == ["PAY_A_0001234"])
        #expect(try Self.found(t, "xA_0001234") == ["PAYxA_0001234"])
        #expect(try Self.found(t, "%A_0001234").isEmpty)
        #expect(try Self.found(t, "A_0001234") == ["PAY_A_0001234", "PAYxA_0001234"])
    }

    @Test func tailMatchesPageByKeyLikeAnyFilter() throws {
        let t = try Self.store()
        let query = OrderQuery.parse("6177330-12")
        let first = try t.store.searchOrders(query, limit: 2)
        #expect(first.map(\.order.orderNo) == ["XSIM1796177330-12", "SIM2796177330-12"], "newest first")
        let last = try #require(first.last?.order)
        let rest = try t.store.searchOrders(query, after: OrderCursor(createdAt: last.createdAt, id: last.id!), limit: 2)
        #expect(rest.map(\.order.orderNo) == ["SIM1796177330-12"])
    }

    /// The tail is found through its index, at any table size; a word too short for it never asks it.
    @Test(arguments: ["6177330-12", "…6177330-12", "6177330-12 status:paid", "6177330-12 sub:sh-test sku:QQ-100"])
    func aTailUsesTheTailIndex(_ text: String) throws {
        let t = try TestStore()
        for plan in try OrderSearchPlanTests.plans(t.store, OrderQuery.parse(text)) {
            #expect(!OrderSearchPlanTests.scansOrders(plan), "\(text): \(plan)")
            #expect(plan.contains { $0.contains("SEARCH orders USING INDEX orders_by_order_no_tail (<expr>=?)") }, "\(text): \(plan)")
            // The whole-number check that turns the tail off is one lookup, not a walk.
            #expect(plan.filter { $0.contains("INDEX orders_by_order_no (order_no=?)") }.count == 2, "\(text): \(plan)")
        }
    }

    @Test func aShortWordDoesNotAskTheTailIndex() throws {
        let t = try TestStore()
        for plan in try OrderSearchPlanTests.plans(t.store, OrderQuery.parse("7330-12")) {
            #expect(!plan.contains { $0.contains("orders_by_order_no_tail") }, "\(plan)")
        }
    }

    /// The index is on a built-in expression: a plain SQLite connection with none of the app's functions
    /// (as the sqlite3 shell opens the file) writes orders, and what it writes is found by its tail.
    @Test func theIndexNeedsNoAppFunctions() throws {
        let t = try Self.store()
        let sql = try t.store.pool.read { db in
            try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'orders_by_order_no_tail'")
        }
        #expect(sql == "CREATE INDEX orders_by_order_no_tail ON orders(substr(order_no, -8))")
        let plain = try DatabaseQueue(path: t.databasePath)
        try plain.write { db in
            try db.execute(sql: """
                INSERT INTO orders (order_no, substation_id, buyer, ip, device, product_id, quantity, amount_fen, status, created_at, updated_at)
                SELECT 'SHELL-000777001', substation_id, 'shell', ip, device, product_id, 1, 100, 'pending', '2026-12-07 00:00:00.000',
                       '2026-12-07 00:00:00.000' FROM orders LIMIT 1
                """)
        }
        try plain.close()
        #expect(try Self.found(t, "000777001") == ["SHELL-000777001"])
        #expect(try t.store.integrityCheck() == "ok")
    }
}
