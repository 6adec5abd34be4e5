import Foundation
import GRDB
import KamengDomain
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage

@Suite("Delivery")
struct DeliveryTests {
    struct Setup {
        let t: TestStore
        let product: Product
        let station: Substation
    }

    func setup(keys: Int, reusable: Bool = false) throws -> Setup {
        let t = try TestStore()
        let product = try t.addProduct(reusable: reusable)
        let station = try t.addSubstation()
        _ = try t.importKeys((0..<keys).map { "KEY-\($0)-SECRET" })
        return Setup(t: t, product: product, station: station)
    }

    @Test("a paid order gets exactly its quantity of keys; a repeated notification delivers nothing more")
    func exactOnce() throws {
        let s = try setup(keys: 5)
        let id = try s.t.store.createOrder(s.t.order("N1", product: s.product, station: s.station, quantity: 3))
        let first = try s.t.store.payAndDeliver(orderId: id, amount: Money(fen: 29_700), method: .alipay, txn: "T1")
        guard case let .delivered(keys) = first else { Issue.record("not delivered: \(first)"); return }
        #expect(keys.count == 3)
        #expect(try s.t.store.payAndDeliver(orderId: id, amount: Money(fen: 29_700), method: .alipay, txn: "T1") == .alreadyDelivered)
        #expect(try s.t.store.deliver(orderId: id) == .alreadyDelivered)
        #expect(try s.t.store.deliveredKeyIds(orderId: id) == keys)
        #expect(try s.t.store.order(id: id).status == .delivered)
        #expect(try s.t.store.stockLevels().first?.available == 2)
    }

    @Test("short stock binds no key and leaves the order awaiting_stock; restock then delivers it")
    func shortStock() throws {
        let s = try setup(keys: 2)
        let id = try s.t.store.createOrder(s.t.order("N2", product: s.product, station: s.station, quantity: 3))
        #expect(try s.t.store.payAndDeliver(orderId: id, amount: Money(fen: 29_700), method: .wechat, txn: "T2") == .awaitingStock(available: 2))
        #expect(try s.t.store.order(id: id).status == .awaitingStock)
        #expect(try s.t.store.deliveredKeyIds(orderId: id).isEmpty)
        #expect(try s.t.store.stockLevels().first?.available == 2)
        _ = try s.t.importKeys(["RESTOCK-1"])
        guard case let .delivered(keys) = try s.t.store.deliver(orderId: id) else { Issue.record("not delivered after restock"); return }
        #expect(keys.count == 3)
    }

    @Test("unpaid, flagged and refunded orders are not delivered")
    func notDeliverable() throws {
        let s = try setup(keys: 3)
        let pending = try s.t.store.createOrder(s.t.order("N3", product: s.product, station: s.station))
        #expect(try s.t.store.deliver(orderId: pending) == .notDeliverable(.pending))
        let flagged = try s.t.store.createOrder(s.t.order("N4", product: s.product, station: s.station, status: .flagged))
        #expect(try s.t.store.deliver(orderId: flagged) == .notDeliverable(.flagged))
        #expect(try s.t.store.stockLevels().first?.available == 3)
    }

    @Test("a reusable product delivers the same key to every order")
    func reusable() throws {
        let s = try setup(keys: 1, reusable: true)
        var delivered: [[Int64]] = []
        for n in 0..<3 {
            let id = try s.t.store.createOrder(s.t.order("R\(n)", product: s.product, station: s.station))
            guard case let .delivered(keys) = try s.t.store.payAndDeliver(orderId: id, amount: Money(fen: 9_900), method: .balance, txn: "R\(n)") else {
                Issue.record("reusable order not delivered"); return
            }
            delivered.append(keys)
        }
        #expect(delivered == [[1], [1], [1]])
        #expect(try s.t.store.stockLevels().first?.available == 1)
    }

    @Test("the same payment transaction cannot pay two orders")
    func txnOnce() throws {
        let s = try setup(keys: 3)
        let a = try s.t.store.createOrder(s.t.order("A", product: s.product, station: s.station))
        let b = try s.t.store.createOrder(s.t.order("B", product: s.product, station: s.station))
        #expect(try s.t.store.recordPayment(orderId: a, amount: Money(fen: 9_900), method: .alipay, txn: "SAME"))
        #expect(try s.t.store.recordPayment(orderId: b, amount: Money(fen: 9_900), method: .alipay, txn: "SAME") == false)
        #expect(try s.t.store.order(id: b).status == .pending)
    }

    @Test("illegal transitions are refused by SQL too, and a sold key cannot move to another order")
    func sqlGuards() throws {
        let s = try setup(keys: 2)
        let id = try s.t.store.createOrder(s.t.order("G1", product: s.product, station: s.station))
        #expect(throws: DatabaseError.self) { try s.t.rawExecute("UPDATE orders SET status = 'delivered' WHERE id = \(id)") }
        _ = try s.t.store.payAndDeliver(orderId: id, amount: Money(fen: 9_900), method: .alipay, txn: "G1")
        let other = try s.t.store.createOrder(s.t.order("G2", product: s.product, station: s.station))
        #expect(throws: DatabaseError.self) { try s.t.rawExecute("UPDATE card_keys SET order_id = \(other) WHERE order_id = \(id)") }
        #expect(throws: DatabaseError.self) { try s.t.rawExecute("UPDATE orders SET status = 'pending' WHERE id = \(id)") }
    }

    @Test("grouped delivery commits many orders at once, each all-or-nothing")
    func grouped() throws {
        let s = try setup(keys: 5)
        let ids = try s.t.store.createOrders((0..<4).map { s.t.order("P\($0)", product: s.product, station: s.station, quantity: 2, status: .paid) })
        let outcomes = try s.t.store.deliver(orderIds: ids)
        #expect(outcomes.filter { if case .delivered = $0 { true } else { false } }.count == 2)
        #expect(outcomes.filter { if case .awaitingStock = $0 { true } else { false } }.count == 2)
        #expect(try s.t.store.stockLevels().first?.available == 1)
        // Five setup rows (init, the vault record, product, substation, import), then one row for the
        // whole group naming both delivered orders.
        #expect(try s.t.store.verifyAudit() == .intact(rows: 6))
        let group = try #require(try s.t.store.auditTail(limit: 1).first)
        #expect(group.action == "order.deliver.group")
        #expect(group.detail == "P0:2 P1:2")
    }
}
