import Foundation
import GRDB
import KamengDomain
import KamengStorage

extension SQLiteStore {
    /// Held orders for the risk queue: highest score first, then the longest waiting.
    func heldOrders(limit: Int = 500) throws -> [OrderSummary] {
        try pool.read { db in
            try Self.orderSummaries(Row.fetchAll(db, sql: Self.heldOrdersSQL, arguments: [limit]))
        }
    }

    /// How many orders are held and a checksum of their ids and scores, off the queue's partial index
    /// alone (its entries hold both): about 8,000 entries on the 5M-order demo, no order row read.
    func heldQueueTally() throws -> HeldQueueTally {
        try pool.read { db in
            let row = try Row.fetchOne(db, sql: Self.heldQueueTallySQL)
            let count: Int = row?[0] ?? 0, ids: Int64 = row?[1] ?? 0, scored: Int64 = row?[2] ?? 0
            return HeldQueueTally(count: count, checksum: ids &* 31 &+ scored)
        }
    }

    static let heldQueueTallySQL = """
        SELECT count(*), coalesce(sum(id), 0), coalesce(sum(id * (risk_score + 1) % 1000000007), 0)
        FROM orders WHERE status = 'flagged'
        """

    /// Read in this order off `orders_held_in_queue_order` (Schema+PaneQueues.swift), never sorted.
    static let heldOrdersSQL = """
        SELECT o.*, p.sku AS product_sku, p.name AS product_name, s.code AS substation_code
        FROM orders o JOIN products p ON p.id = o.product_id JOIN substations s ON s.id = o.substation_id
        WHERE o.status = 'flagged' ORDER BY o.risk_score DESC, o.created_ms ASC, o.id ASC LIMIT ?
        """

    /// Approves a held order and, when it was paid, delivers it at once (or leaves it awaiting stock).
    @discardableResult
    package func approveAndDeliver(orderId: Int64, note: String = "", by actor: Staff, now: Date = Date()) throws -> DeliveryOutcome? {
        // Checked before anything changes: approving a paid order means delivering it, so someone who may
        // review but not deliver (on-call) must not leave it approved and undelivered.
        try require(actor, .reviewRisk)
        if try order(id: orderId).paidAt != nil { try require(actor, .deliverOrders) }
        try approveHeld(orderId: orderId, note: note, by: actor, now: now)
        guard try order(id: orderId).status == .paid else { return nil }
        return try deliverManually(orderId: orderId, by: actor, now: now)
    }

    /// Rejects a held order: refunded when it was paid (above the configured amount with a step-up
    /// code), else cancelled; audited.
    func rejectHeld(orderId: Int64, note: String = "", by actor: Staff, stepUp code: String?, now: Date = Date()) throws {
        try rejectHeld(orderId: orderId, note: note, blacklisting: [], by: actor, stepUp: code, now: now)
    }

    /// Rejects a held order and blacklists its IP, buyer and/or device with it: one decision for the
    /// person, one transaction (the refund or cancellation, its audit row, each entry and its
    /// `blacklist.add` row with the order number as reason), so either all of it happened or none did.
    /// A refund's step-up code is checked first, in its own transaction, so a refused code blacklists
    /// nothing and still counts as a failure. An empty value (an order without a device) is skipped.
    /// Returns the kinds newly blacklisted.
    @discardableResult
    func rejectHeld(orderId: Int64, note: String = "", blacklisting kinds: Set<BlacklistKind>, by actor: Staff, stepUp code: String?,
                    now: Date = Date()) throws -> [BlacklistKind] {
        try require(actor, .reviewRisk)
        let order = try self.order(id: orderId)
        guard order.status == .flagged else { throw StoreError.wrongState(.orderNo(order.orderNo), state: order.status.rawValue, action: "rejected") }
        let entries: [(BlacklistKind, String)] = BlacklistKind.allCases.compactMap { kind in
            guard kinds.contains(kind) else { return nil }
            let value = switch kind { case .ip: order.ip; case .buyer: order.buyer; case .device: order.device }
            return value.isEmpty ? nil : (kind, value)
        }
        for (_, value) in entries where !(1...128).contains(value.utf8.count) {
            throw StoreError.invalidField(field: "blacklist value", rule: "1–128 bytes")
        }
        let paid = order.paidAt != nil
        var steppedUp = false
        if paid {
            try require(actor, .refundOrders)
            steppedUp = try refundStepUp(order, by: actor, code: code, now: now)
        }
        let reason = "rejected order \(order.orderNo)" + (note.isEmpty ? "" : ": \(note)")
        return try dbWrite { db in
            if paid {
                try markRefunded(db, order, steppedUp: steppedUp, by: actor, now: now, notice: .rejected)
            } else {
                try db.execute(sql: "UPDATE orders SET status = 'cancelled', updated_at = ? WHERE id = ? AND status = 'flagged'",
                               arguments: [StoreTime.string(now), orderId])
                guard db.changesCount == 1 else { throw try Self.movedOrder(db, id: orderId, orderNo: order.orderNo, action: "rejected") }
                try enqueueNotice(db, orderId: orderId, type: .rejected, time: StoreTime.string(now))
                try appendAudit(db, actor: actor.userName, action: "order.reject", target: "order:\(order.orderNo)",
                                detail: "cancelled, unpaid" + (note.isEmpty ? "" : "; \(note)"), at: now)
            }
            return try entries.compactMap { kind, value in
                try insertBlacklist(db, kind, value: value, reason: reason, by: actor, now: now) ? kind : nil
            }
        }
    }

    /// Adds a note to an order's timeline, or escalates it to an admin; both live in the audit log,
    /// where the order's history is read from.
    func annotateOrder(orderId: Int64, note: String, escalate: Bool = false, by actor: Staff, now: Date = Date()) throws {
        try require(actor, .reviewRisk)
        let text = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard escalate || !text.isEmpty else { throw StoreError.invalidField(field: "note", rule: "must not be empty") }
        guard text.count <= 500 else { throw StoreError.invalidField(field: "note", rule: "at most 500 characters") }
        let order = try self.order(id: orderId)
        try dbWrite { db in
            try appendAudit(db, actor: actor.userName, action: escalate ? "order.escalate" : "order.note",
                            target: "order:\(order.orderNo)", detail: text, at: now)
        }
    }
}
