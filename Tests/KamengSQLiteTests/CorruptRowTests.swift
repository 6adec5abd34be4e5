import Foundation
import GRDB
import KamengDomain
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage

/// A stored value the program does not know is an error naming the row, never a default: an unknown
/// status is not read as `pending`, unreadable risk reasons are not read as none.
@Suite("Corrupt rows")
struct CorruptRowTests {
    /// A store with one pending order (its id returned).
    func setup() throws -> (t: TestStore, orderId: Int64) {
        let t = try TestStore()
        let product = try t.addProduct()
        let station = try t.addSubstation()
        let id = try t.store.createOrder(t.order("N1", product: product, station: station))
        return (t, id)
    }

    /// An order written as sqlite3 could write it: with the CHECK on `status` switched off.
    func insertOrder(_ t: TestStore, status: String) throws -> Int64 {
        try t.store.pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
            defer { try? db.execute(sql: "PRAGMA ignore_check_constraints = OFF") }
            try db.execute(sql: """
                INSERT INTO orders (order_no, substation_id, buyer, ip, device, product_id, quantity, amount_fen, status, created_at, updated_at)
                SELECT 'N2', substation_id, buyer, ip, device, product_id, quantity, amount_fen, ?, created_at, updated_at FROM orders LIMIT 1
                """, arguments: [status])
            return db.lastInsertedRowID
        }
    }

    @Test("an unknown status throws corruptRow naming the order, from the store, its delivery and the engine")
    func unknownStatus() async throws {
        let (t, _) = try setup()
        let id = try insertOrder(t, status: "teleported")
        let expected = StoreError.corruptRow(table: "orders", id: id, column: "status", value: "teleported")
        #expect(throws: expected) { _ = try t.store.order(id: id) }
        #expect(throws: expected) { _ = try t.store.recentOrders(limit: 10) }
        #expect(throws: expected) { _ = try t.store.deliver(orderId: id) }
        let engine = SQLiteEngine(store: t.store)
        await #expect(throws: expected) { _ = try await engine.order(id: id) }
        #expect(expected.text(.en) == "unreadable row: orders #\(id) has status = teleported")
    }

    @Test("unreadable risk reasons throw corruptRow naming the order and the value")
    func unreadableRiskJSON() async throws {
        let (t, id) = try setup()
        try t.rawExecute("UPDATE orders SET risk_reasons = '[{\"rule\": ' WHERE id = \(id)")
        let expected = StoreError.corruptRow(table: "orders", id: id, column: "risk_reasons", value: "[{\"rule\": ")
        #expect(throws: expected) { _ = try t.store.order(id: id) }
        #expect(throws: expected) { _ = try t.store.searchOrders(OrderQuery()) }
        let engine = SQLiteEngine(store: t.store)
        await #expect(throws: expected) { _ = try await engine.orders(query: OrderQuery(), after: nil, limit: 10) }
    }

    @Test("intake refuses to run over a substation whose status it cannot read, naming the row")
    func unknownSubstationStatusInIntake() throws {
        let f = try IntakeFixture()
        let id = try f.t.store.pool.writeWithoutTransaction { db -> Int64 in
            try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
            defer { try? db.execute(sql: "PRAGMA ignore_check_constraints = OFF") }
            try db.execute(sql: "UPDATE substations SET status = 'vanished' WHERE code = 'sh-a'")
            return try Int64.fetchOne(db, sql: "SELECT id FROM substations WHERE code = 'sh-a'") ?? -1
        }
        let expected = StoreError.corruptRow(table: "substations", id: id, column: "status", value: "vanished")
        #expect(throws: expected) { _ = try f.ingest([f.line(f.order("C1"))]) }
    }

    @Test("a readable order still reads, its findings intact")
    func soundRow() throws {
        let (t, id) = try setup()
        let order = try t.store.order(id: id)
        #expect(order.status == .pending && order.riskFindings.isEmpty)
    }
}
