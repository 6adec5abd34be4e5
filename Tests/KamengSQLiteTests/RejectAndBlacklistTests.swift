import Foundation
import GRDB
import KamengDomain
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage
import Testing

/// Rejecting a held order and blacklisting what it came from is one decision and one transaction:
/// all of it happens, or none of it does (Docs/Decisions.md).
@Suite("reject and blacklist: one transaction")
struct RejectAndBlacklistTests {
    static func heldOrder(_ t: TestStore, _ number: String, paid: Bool) throws -> Int64 {
        let product = try t.addProduct(sku: "RB-\(number)")
        let station = try t.addSubstation(code: "rb-\(number.lowercased())")
        var order = t.order(number, product: product, station: station)
        order.device = "dev-\(number)"
        let id = try t.store.createOrder(order)
        if paid { _ = try t.store.recordPayment(orderId: id, amount: order.amount, method: .alipay, txn: "T-\(number)") }
        try t.rawExecute("UPDATE orders SET status = 'flagged', risk_score = 80 WHERE id = \(id)")
        return id
    }

    static func auditActions(_ t: TestStore) throws -> [String] {
        try t.store.pool.read { db in try String.fetchAll(db, sql: "SELECT action FROM audit_log ORDER BY id") }
    }

    @Test("a failing blacklist entry leaves the order held and writes no audit row; without the failure all of it lands",
          arguments: [false, true])
    func allOrNothing(paid: Bool) throws {
        let t = try TestStore()
        let id = try Self.heldOrder(t, paid ? "PAID" : "UNPAID", paid: paid)
        let auditBefore = try Self.auditActions(t)
        // Any failure inside the transaction will do: here the blacklist refuses the device.
        try t.rawExecute("""
            CREATE TRIGGER test_refuse_device BEFORE INSERT ON blacklist WHEN NEW.kind = 'device'
            BEGIN SELECT RAISE(ABORT, 'test: device refused'); END
            """)
        #expect(throws: (any Error).self) {
            try t.store.rejectHeld(orderId: id, note: "farm", blacklisting: [.buyer, .device], by: t.admin, stepUp: nil)
        }
        #expect(try t.store.order(id: id).status == .flagged, "the order moved though the decision failed")
        #expect(try t.store.blacklist().isEmpty, "the buyer was blacklisted though the decision failed")
        #expect(try Self.auditActions(t) == auditBefore)

        try t.rawExecute("DROP TRIGGER test_refuse_device")
        let added = try t.store.rejectHeld(orderId: id, note: "farm", blacklisting: [.buyer, .device], by: t.admin, stepUp: nil)
        #expect(added == [.buyer, .device])
        #expect(try t.store.order(id: id).status == (paid ? .refunded : .cancelled))
        #expect(try t.store.blacklist().map(\.kind).sorted { $0.rawValue < $1.rawValue } == [.buyer, .device])
        #expect(try Self.auditActions(t).suffix(3) == [paid ? "order.refund" : "order.reject", "blacklist.add", "blacklist.add"])
    }
}
