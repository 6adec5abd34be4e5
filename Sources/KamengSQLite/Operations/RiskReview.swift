import Foundation
import GRDB
import KamengDomain
import KamengStorage

extension SQLiteStore {
    /// Held orders for the risk queue: highest score first, then the longest waiting.
    func heldOrders(limit: Int = 500) throws -> [OrderSummary] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT o.*, p.sku AS product_sku, p.name AS product_name, s.code AS substation_code
                FROM orders o JOIN products p ON p.id = o.product_id JOIN substations s ON s.id = o.substation_id
                WHERE o.status = 'flagged' ORDER BY o.risk_score DESC, o.created_at ASC, o.id ASC LIMIT ?
                """, arguments: [limit]).map(Self.orderSummary(from:))
        }
    }

    /// Approves a held order and, when it was paid, delivers it at once (or leaves it awaiting stock).
    @discardableResult
    func approveAndDeliver(orderId: Int64, note: String = "", by actor: Staff, now: Date = Date()) throws -> DeliveryOutcome? {
        // Checked before anything changes: approving a paid order means delivering it, so someone who may
        // review but not deliver (on-call) must not leave it approved and undelivered.
        try require(actor, .reviewRisk)
        if try order(id: orderId).paidAt != nil { try require(actor, .deliverOrders) }
        try approveHeld(orderId: orderId, note: note, by: actor, now: now)
        guard try order(id: orderId).status == .paid else { return nil }
        return try deliverManually(orderId: orderId, by: actor, now: now)
    }

    /// Rejects a held order: a paid one is refunded (step-up above the configured amount), an unpaid one
    /// cancelled. Audited either way.
    func rejectHeld(orderId: Int64, note: String = "", by actor: Staff, stepUp code: String?, now: Date = Date()) throws {
        try require(actor, .reviewRisk)
        let order = try self.order(id: orderId)
        guard order.status == .flagged else { throw StoreError.wrongState(.orderNo(order.orderNo), state: order.status.rawValue, action: "rejected") }
        if order.paidAt != nil {
            try refund(orderId: orderId, by: actor, stepUp: code, now: now)
            return
        }
        try dbWrite { db in
            try db.execute(sql: "UPDATE orders SET status = 'cancelled', updated_at = ? WHERE id = ? AND status = 'flagged'",
                           arguments: [StoreTime.string(now), orderId])
            guard db.changesCount == 1 else { throw try Self.movedOrder(db, id: orderId, orderNo: order.orderNo, action: "rejected") }
            try appendAudit(db, actor: actor.userName, action: "order.reject", target: "order:\(order.orderNo)",
                            detail: "cancelled, unpaid" + (note.isEmpty ? "" : "; \(note)"), at: now)
        }
    }

    /// Rejects a held order and blacklists its IP, buyer and/or device with it: one decision for the
    /// person. The rejection comes first (a refund may need a step-up code; when it is refused nothing is
    /// blacklisted), then each entry, audited as `blacklist.add` with the order number as its reason. An
    /// empty value (an order without a device) is skipped. Returns the kinds newly blacklisted.
    @discardableResult
    func rejectHeld(orderId: Int64, note: String = "", blacklisting kinds: Set<BlacklistKind>, by actor: Staff, stepUp code: String?,
                           now: Date = Date()) throws -> [BlacklistKind] {
        let order = try self.order(id: orderId)
        try rejectHeld(orderId: orderId, note: note, by: actor, stepUp: code, now: now)
        let reason = "rejected order \(order.orderNo)" + (note.isEmpty ? "" : ": \(note)")
        return try BlacklistKind.allCases.filter { kind in
            guard kinds.contains(kind) else { return false }
            let value = switch kind { case .ip: order.ip; case .buyer: order.buyer; case .device: order.device }
            guard !value.isEmpty else { return false }
            return try addToBlacklist(kind, value: value, reason: reason, by: actor, now: now)
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
