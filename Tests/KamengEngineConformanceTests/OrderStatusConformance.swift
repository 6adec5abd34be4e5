import Foundation
import KamengDomain
import KamengStorage
import Testing

/// The order status machine (KamengDomain/OrderStatus.swift) as the engine's actions walk it.
@Suite("Conformance: the order status machine")
struct OrderStatusConformance {
    /// Whether `error` is `wrongState` about `order`, found in `state`.
    static func isWrongState(_ error: StoreError?, _ order: Order, _ state: OrderStatus) -> Bool {
        guard case let .wrongState(subject, found, _)? = error else { return false }
        return (subject == .order(id: order.id ?? -1) || subject == .orderNo(order.orderNo)) && found == state.rawValue
    }

    @Test("refund of a delivered order; a second refund and a refund of a pending order refused with wrongState; 补单 after restock",
          arguments: EngineFactories.all)
    func refundAndDeliver(_ factory: any EngineFactory) async throws {
        let world = try await EngineWorld.make(factory)
        let engine = world.engine
        try await world.addProduct("SM-1")
        try await world.openSubstation("sh-a")
        try await world.importKeys(1, into: "SM-1")
        let sue = try await world.addStaff("sue", role: .support)
        let summary = try await world.ingest([
            try world.line(world.order("D1", sku: "SM-1"), from: "sh-a"),
            try world.line(world.payment("D1"), from: "sh-a"),
            try world.line(world.order("W3", sku: "SM-1", quantity: 2), from: "sh-a"),
            try world.line(world.payment("W3", quantity: 2), from: "sh-a"),
            try world.line(world.order("P2", sku: "SM-1"), from: "sh-a"),
        ])
        #expect(summary.delivered == 1 && summary.awaitingStock == 1 && summary.orders.accepted == 3 && summary.rejected == 0)

        let delivered = try await world.order(no: "D1"), awaiting = try await world.order(no: "W3"), pending = try await world.order(no: "P2")
        #expect(delivered.status == .delivered && awaiting.status == .awaitingStock && pending.status == .pending)
        let deliveredId = try #require(delivered.id), awaitingId = try #require(awaiting.id), pendingId = try #require(pending.id)
        let boundToD1 = try await engine.deliveredKeys(orderId: deliveredId).map(\.id)
        #expect(boundToD1.count == 1)
        #expect(try await engine.deliveredKeys(orderId: awaitingId).isEmpty)

        // delivered → refunded; its key stays bound to it and never returns to stock.
        try await engine.refund(orderId: deliveredId, by: sue, stepUp: nil)
        #expect(try await engine.order(id: deliveredId).status == .refunded)
        #expect(try await engine.deliveredKeys(orderId: deliveredId).map(\.id) == boundToD1)
        #expect(try await world.stock("SM-1").available == 0)

        // refunded is final; pending cannot be refunded (nothing was paid).
        let again = await #expect(throws: StoreError.self) { try await engine.refund(orderId: deliveredId, by: sue, stepUp: nil) }
        #expect(Self.isWrongState(again, delivered, .refunded), "second refund: \(again.map(String.init(describing:)) ?? "no error")")
        let unpaid = await #expect(throws: StoreError.self) { try await engine.refund(orderId: pendingId, by: sue, stepUp: nil) }
        #expect(Self.isWrongState(unpaid, pending, .pending), "refund of a pending order: \(unpaid.map(String.init(describing:)) ?? "no error")")
        #expect(try await engine.order(id: pendingId).status == .pending)

        // 补单 of orders that cannot be delivered changes nothing.
        #expect(try await engine.deliverManually(orderId: pendingId, by: sue) == .notDeliverable(.pending))
        #expect(try await engine.deliverManually(orderId: deliveredId, by: sue) == .notDeliverable(.refunded))
        #expect(try await engine.deliverManually(orderId: awaitingId, by: sue) == .awaitingStock(available: 0))
        #expect(try await engine.deliveredKeys(orderId: pendingId).isEmpty)
        #expect(try await engine.order(id: awaitingId).status == .awaitingStock)

        // Restocked, the waiting order is delivered once, all of its keys together.
        try await world.importKeys(3, into: "SM-1")
        let outcome = try await engine.deliverManually(orderId: awaitingId, by: sue)
        guard case let .delivered(keyIds) = outcome else { Issue.record("补单 after restock: \(outcome)"); return }
        #expect(keyIds.count == 2)
        #expect(Set(try await engine.deliveredKeys(orderId: awaitingId).map(\.id)) == Set(keyIds))
        #expect(try await engine.order(id: awaitingId).status == .delivered)
        #expect(try await engine.deliverManually(orderId: awaitingId, by: sue) == .alreadyDelivered)
        let level = try await world.stock("SM-1")
        #expect(level.available == 1 && level.sold == 3)
    }

    @Test("held orders: approve delivers a paid one and releases an unpaid one; reject refunds or cancels; decided orders are skipped",
          arguments: EngineFactories.all)
    func decisions(_ factory: any EngineFactory) async throws {
        let world = try await EngineWorld.make(factory)
        let engine = world.engine
        try await world.addProduct("RK-1")
        try await world.openSubstation("sh-a")
        try await world.importKeys(2, into: "RK-1")
        let sue = try await world.addStaff("sue", role: .support)
        #expect(try await engine.addToBlacklist(.buyer, value: "bad-buyer", reason: "chargebacks", by: world.admin))
        // H1, H3 paid; H2, H4 not. The blacklisted buyer holds each at intake.
        var lines: [String] = []
        for n in 1...4 {
            lines.append(try world.line(world.order("H\(n)", sku: "RK-1", buyer: "bad-buyer"), from: "sh-a"))
            if n % 2 == 1 { lines.append(try world.line(world.payment("H\(n)"), from: "sh-a")) }
        }
        let summary = try await world.ingest(lines)
        #expect(summary.flagged == 4 && summary.heldPayments == 2 && summary.delivered == 0)

        var held: [Int64] = []
        for n in 1...4 {
            let order = try await world.order(no: "H\(n)")
            #expect(order.status == .flagged)
            held.append(try #require(order.id))
        }
        #expect(Set(try await engine.heldOrders(limit: 50).compactMap(\.order.id)) == Set(held))
        #expect(try await engine.heldOrders(limit: 3).count == 3)
        let tally = try await engine.heldQueueTally()
        #expect(tally.count == 4, "the count is not limited by a list's length")
        #expect(try await engine.heldQueueTally() == tally, "nothing changed, the same tally")

        #expect(try await engine.decide(.approve, orderIds: [held[0], held[1]], note: "known buyer", blacklisting: [], by: sue, stepUp: nil) == 2)
        #expect(try await engine.order(id: held[0]).status == .delivered)
        #expect(try await engine.deliveredKeys(orderId: held[0]).count == 1)
        #expect(try await engine.order(id: held[1]).status == .pending)
        let after = try await engine.heldQueueTally()
        #expect(after.count == 2 && after != tally, "two orders left the queue")

        #expect(try await engine.decide(.reject, orderIds: [held[2], held[3]], note: "fraud", blacklisting: [], by: sue, stepUp: nil) == 2)
        #expect(try await engine.order(id: held[2]).status == .refunded)
        #expect(try await engine.order(id: held[3]).status == .cancelled)
        #expect(try await engine.deliveredKeys(orderId: held[2]).isEmpty)

        // Already decided: skipped, nothing moves.
        #expect(try await engine.decide(.approve, orderIds: [held[2], held[3]], note: "", blacklisting: [], by: sue, stepUp: nil) == 0)
        #expect(try await engine.decide(.reject, orderIds: [held[0]], note: "", blacklisting: [], by: sue, stepUp: nil) == 0)
        #expect(try await engine.order(id: held[0]).status == .delivered)
        #expect(try await engine.order(id: held[2]).status == .refunded)
        #expect(try await engine.heldOrders(limit: 50).isEmpty)
        #expect(try await engine.heldQueueTally().count == 0)
        let level = try await world.stock("RK-1")
        #expect(level.available == 1 && level.sold == 1)
    }

    @Test("approving a paid held order delivers it, so a reviewer who may not deliver (on-call) is refused and it stays held",
          arguments: EngineFactories.all)
    func approvalNeedsDelivery(_ factory: any EngineFactory) async throws {
        let world = try await EngineWorld.make(factory)
        try await world.addProduct("RK-2")
        try await world.openSubstation("sh-a")
        try await world.importKeys(1, into: "RK-2")
        let otto = try await world.addStaff("otto", role: .oncall)
        #expect(try await world.engine.addToBlacklist(.buyer, value: "bad-buyer", reason: "chargebacks", by: world.admin))
        try await world.ingest([try world.line(world.order("H1", sku: "RK-2", buyer: "bad-buyer"), from: "sh-a"),
                                try world.line(world.payment("H1"), from: "sh-a")])
        let id = try #require(try await world.order(no: "H1").id)
        let error = await #expect(throws: StoreError.self) {
            try await world.engine.decide(.approve, orderIds: [id], note: "", blacklisting: [], by: otto, stepUp: nil)
        }
        #expect(error?.isForbidden(.deliverOrders, for: otto) == true, "\(error.map(String.init(describing:)) ?? "no error")")
        #expect(try await world.engine.order(id: id).status == .flagged)
        #expect(try await world.stock("RK-2").available == 1)
    }
}
