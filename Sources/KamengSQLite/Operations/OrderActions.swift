import Foundation
import GRDB
import KamengDomain
import KamengStorage
import KamengVault

extension SQLiteStore {
    /// Orders with this number, from whichever substation (numbers are unique per substation only).
    func orders(orderNo: String) throws -> [OrderSummary] {
        try pool.read { db in
            try Self.orderSummaries(Row.fetchAll(db, sql: """
                SELECT o.*, p.sku AS product_sku, p.name AS product_name, s.code AS substation_code
                FROM orders o JOIN products p ON p.id = o.product_id JOIN substations s ON s.id = o.substation_id
                WHERE o.order_no = ? ORDER BY s.code
                """, arguments: [orderNo]))
        }
    }

    /// The keys delivered to an order, masked: status and number hint only, never the secret.
    func deliveredKeys(orderId: Int64) throws -> [CardKey] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, product_id, batch_id, status, number_hint, expires_at, order_id FROM card_keys WHERE order_id = ?
                UNION ALL
                SELECT k.id, k.product_id, k.batch_id, k.status, k.number_hint, k.expires_at, r.order_id
                FROM reusable_deliveries r JOIN card_keys k ON k.id = r.card_key_id WHERE r.order_id = ?
                ORDER BY 1
                """, arguments: [orderId, orderId]).map { row in
                CardKey(id: row["id"], productId: row["product_id"], batchId: row["batch_id"],
                        status: try row.decode("status", table: "card_keys"), numberHint: row["number_hint"],
                        expiresAt: row["expires_at"], orderId: row["order_id"])
            }
        }
    }

    /// Whether refunding `amount` needs a fresh TOTP code under the current settings.
    func refundNeedsStepUp(_ amount: Money) throws -> Bool {
        amount > (try securitySettings().refundStepUpAbove)
    }

    /// Refunds an order (paid, flagged, awaiting stock or funds, or delivered → refunded), audited; a charged
    /// order's charge is reversed in the same transaction (`postRefund`). Above the
    /// configured amount it needs a fresh TOTP code. Delivered keys stay bound to the order for good.
    package func refund(orderId: Int64, by actor: Staff, stepUp code: String?, now: Date = Date()) throws {
        try require(actor, .refundOrders)
        let order = try self.order(id: orderId)
        guard order.status.canMove(to: .refunded) else {
            throw StoreError.wrongState(.orderNo(order.orderNo), state: order.status.rawValue, action: "refunded")
        }
        let needsCode = try refundStepUp(order, by: actor, code: code, now: now)
        try dbWrite { db in try markRefunded(db, order, steppedUp: needsCode, by: actor, now: now) }
    }

    /// Checks the step-up code a refund of `order` needs (in its own transaction, so a failure is
    /// counted even though the refund does not happen); returns whether one was needed.
    func refundStepUp(_ order: Order, by actor: Staff, code: String?, now: Date) throws -> Bool {
        let needsCode = try refundNeedsStepUp(order.amount)
        if needsCode { try stepUp(actor, code: code, action: "a refund above \(try securitySettings().refundStepUpAbove)", now: now) }
        return needsCode
    }

    /// The refund's row change and audit row, inside the caller's transaction. A delivered order's units
    /// leave the daily sales (StockCounts.swift); its status is read again here, under the write lock,
    /// since `order` was read before the transaction.
    /// `notice` is what the shop is told (a refund, or a rejection by risk review that refunded).
    func markRefunded(_ db: Database, _ order: Order, steppedUp: Bool, by actor: Staff, now: Date, notice: NoticeType = .refunded) throws {
        let orderId = order.id ?? 0
        let current = try Row.fetchOne(db, sql: "SELECT status, product_id, quantity, created_at FROM orders WHERE id = ?", arguments: [orderId])
        try db.execute(sql: """
            UPDATE orders SET status = 'refunded', updated_at = ?
            WHERE id = ? AND (status = 'paid' OR status = 'flagged' OR status = 'awaiting_stock' OR status = 'awaiting_funds'
                              OR status = 'delivered')
            """, arguments: [StoreTime.string(now), orderId])
        guard db.changesCount == 1 else { throw try Self.movedOrder(db, id: orderId, orderNo: order.orderNo, action: "refunded") }
        try postRefund(db, orderId: orderId, actor: actor.userName, now: now)
        try enqueueNotice(db, orderId: orderId, type: notice, time: StoreTime.string(now))
        if let current, current["status"] == "delivered" {
            try StockCounts.addSales(db, productId: current["product_id"], createdAt: current["created_at"], units: -(current["quantity"] as Int))
        }
        try appendAudit(db, actor: actor.userName, action: "order.refund", target: "order:\(order.orderNo)",
                        detail: "\(order.amount) from \(order.status.rawValue)\(steppedUp ? "; step-up" : "")", at: now)
    }

    /// A person delivers a paid or awaiting-stock order now (补单 after restocking), audited as them.
    @discardableResult
    func deliverManually(orderId: Int64, by actor: Staff, now: Date = Date()) throws -> DeliveryOutcome {
        try require(actor, .deliverOrders)
        return try dbWrite { db in try deliver(db, orderId: orderId, actor: actor.userName, now: now) }
    }

    /// Releases a held order after review: back to paid when it was paid, else to pending. Audited.
    func approveHeld(orderId: Int64, note: String = "", by actor: Staff, now: Date = Date()) throws {
        try require(actor, .reviewRisk)
        try dbWrite { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT id, order_no, status, paid_at FROM orders WHERE id = ?", arguments: [orderId]) else {
                throw StoreError.notFound(.order(id: orderId))
            }
            let orderNo: String = row["order_no"]
            let status: OrderStatus = try row.decode("status", table: "orders")
            guard status == .flagged else { throw StoreError.wrongState(.orderNo(orderNo), state: status.rawValue, action: "approved") }
            let next: OrderStatus = (row["paid_at"] as String?) == nil ? .pending : .paid
            try db.execute(sql: "UPDATE orders SET status = ?, updated_at = ? WHERE id = ? AND status = 'flagged'",
                           arguments: [next.rawValue, StoreTime.string(now), orderId])
            try appendAudit(db, actor: actor.userName, action: "order.approve", target: "order:\(orderNo)",
                            detail: "→ \(next.rawValue)" + (note.isEmpty ? "" : "; \(note)"), at: now)
        }
    }

    /// Suspends or resumes a substation (on-call's lever at 3 a.m.), audited. Closing is not offered here.
    func setSubstationStatus(code: String, to status: SubstationStatus, by actor: Staff, now: Date = Date()) throws {
        try require(actor, .suspendSubstations)
        guard status != .closed else { throw StoreError.invalidField(field: "status", rule: "closing a substation is not a suspend or resume") }
        try dbWrite { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT id, status FROM substations WHERE code = ?", arguments: [code]) else {
                throw StoreError.notFound(.substation(code: code))
            }
            let from: SubstationStatus = try row.decode("status", table: "substations")
            guard from.canMove(to: status) else {
                throw StoreError.wrongState(.substation(code: code), state: from.rawValue, action: status == .suspended ? "suspended" : "resumed")
            }
            try db.execute(sql: "UPDATE substations SET status = ? WHERE code = ?", arguments: [status.rawValue, code])
            try appendAudit(db, actor: actor.userName, action: status == .suspended ? "substation.suspend" : "substation.resume",
                            target: "substation:\(code)", detail: "\(from.rawValue) → \(status.rawValue)", at: now)
        }
    }

    /// Why a guarded status change found no row to change: the order moved on meanwhile (its status now).
    static func movedOrder(_ db: Database, id: Int64, orderNo: String, action: String) throws -> StoreError {
        guard let row = try Row.fetchOne(db, sql: "SELECT id, status FROM orders WHERE id = ?", arguments: [id]) else {
            return .notFound(.order(id: id))
        }
        let status: OrderStatus = try row.decode("status", table: "orders")
        return .wrongState(.orderNo(orderNo), state: status.rawValue, action: action)
    }
}
