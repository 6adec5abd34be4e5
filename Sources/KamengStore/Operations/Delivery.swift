import Foundation
import GRDB
import KamengDomain

extension KamengStore {
    /// Delivers one paid order in its own durable transaction.
    public func deliver(orderId: Int64, actor: String = "system", now: Date = Date()) throws -> DeliveryOutcome {
        try requireWritable(Permission.deliverOrders.rawValue)
        return try dbWrite { db in try deliver(db, orderId: orderId, actor: actor, now: now) }
    }

    /// Delivers many paid orders in one transaction (a group commit): one fsync for the lot, and one
    /// audit row naming every order delivered and its key count (Docs/Decisions.md).
    /// Each order's keys are taken all-or-nothing (a short order binds none and waits for stock);
    /// an unexpected error rolls back the whole group, which the caller may retry.
    public func deliver(orderIds: [Int64], actor: String = "system", now: Date = Date()) throws -> [DeliveryOutcome] {
        try requireWritable(Permission.deliverOrders.rawValue)
        return try dbWrite { db in
            var delivered: [String] = []
            let statements = try DeliveryStatements(db, now: now)
            let outcomes = try orderIds.map { id in
                try deliver(db, orderId: id, actor: actor, statements: statements) { orderNo, keys in delivered.append("\(orderNo):\(keys)") }
            }
            if !delivered.isEmpty {
                try appendAudit(db, actor: actor, action: "order.deliver.group", target: "orders:\(delivered.count)",
                                detail: delivered.joined(separator: " "), at: now)
            }
            return outcomes
        }
    }

    /// Records a payment and delivers in the same transaction: what a payment notification does.
    /// However often the same notification arrives, from however many processes, keys are bound once.
    public func payAndDeliver(orderId: Int64, amount: Money, method: PaymentMethod, txn: String, now: Date = Date()) throws -> DeliveryOutcome {
        try requireWritable(Permission.deliverOrders.rawValue)
        return try dbWrite { db in
            _ = try recordPayment(db, orderId: orderId, amount: amount, method: method, txn: txn, now: now)
            return try deliver(db, orderId: orderId, actor: "system", now: now)
        }
    }

    /// Binds exactly `quantity` available keys to the order with one guarded UPDATE, or none.
    /// The delivery is audited by one row of its own, or, when `recordGrouped` is given, by the group's row.
    func deliver(_ db: Database, orderId: Int64, actor: String, now: Date) throws -> DeliveryOutcome {
        try deliver(db, orderId: orderId, actor: actor, statements: DeliveryStatements(db, now: now), recordGrouped: nil)
    }

    func deliver(_ db: Database, orderId: Int64, actor: String, statements: DeliveryStatements,
                 recordGrouped: ((_ orderNo: String, _ keys: Int) -> Void)?) throws -> DeliveryOutcome {
        guard let row = try statements.order(db, id: orderId) else { throw StoreError.notFound("order #\(orderId)") }
        let status = OrderStatus(rawValue: row.status) ?? .pending
        switch status {
        case .delivered: return .alreadyDelivered
        case .paid, .awaitingStock: break
        default: return .notDeliverable(status)
        }
        let quantity = row.quantity
        let productId = row.productId
        let orderNo = row.orderNo
        let time = statements.time
        let keyIds: [Int64]
        if row.reusable {
            keyIds = try Int64.fetchAll(db.cachedStatement(sql: """
                SELECT id FROM card_keys WHERE product_id = ? AND status = 'available' ORDER BY id LIMIT 1
                """), arguments: [productId])
            if let key = keyIds.first {
                try db.cachedStatement(sql: "INSERT INTO reusable_deliveries (order_id, card_key_id) VALUES (?, ?)")
                    .execute(arguments: [orderId, key])
            }
        } else {
            keyIds = try takeKeys(db, statements, productId: productId, orderId: orderId, quantity: quantity)
        }
        guard !keyIds.isEmpty else {
            if status == .paid {
                try db.cachedStatement(sql: "UPDATE orders SET status = 'awaiting_stock', updated_at = ? WHERE id = ? AND status = 'paid'")
                    .execute(arguments: [time, orderId])
            }
            let available = try Int.fetchOne(db.cachedStatement(sql: "SELECT count(*) FROM card_keys WHERE product_id = ? AND status = 'available'"),
                                             arguments: [productId]) ?? 0
            return .awaitingStock(available: available)
        }
        guard try statements.markDelivered(db, orderId: orderId) == 1 else { throw StoreError.tampered("order #\(orderId) changed status during delivery") }
        if let recordGrouped {
            recordGrouped(orderNo, keyIds.count)
        } else {
            try appendAudit(db, actor: actor, action: "order.deliver", target: "order:\(orderNo)", detail: "\(keyIds.count) key(s)", time: time)
        }
        return .delivered(keyIds: keyIds)
    }

    /// The guarded take: only rows still 'available' move, and unless exactly `quantity` can, none do.
    /// One statement does the taking. A single key (most orders) uses a scalar
    /// subquery, which spares SQLite the temporary tables that `IN (…)` and `RETURNING` build per call.
    private func takeKeys(_ db: Database, _ statements: DeliveryStatements, productId: Int64, orderId: Int64, quantity: Int) throws -> [Int64] {
        let time = statements.time
        if quantity == 1 {
            // One row or none: nothing to undo when short, so no savepoint is needed.
            guard try statements.takeOneKey(db, orderId: orderId, productId: productId) == 1 else { return [] }
        } else {
            // Count first, then take: inside the write transaction no other writer can move a key in
            // between, so a short product binds nothing without the savepoint a take-then-undo needed
            // (GRDB's savepoint was most of the cost of a multi-key delivery). The UPDATE stays guarded,
            // and a count that still disagrees fails the whole transaction rather than binding part.
            let available = try Int.fetchOne(db.cachedStatement(sql: """
                SELECT count(*) FROM (SELECT 1 FROM card_keys WHERE product_id = ? AND status = 'available' LIMIT ?)
                """), arguments: [productId, quantity]) ?? 0
            guard available == quantity else { return [] }
            try db.cachedStatement(sql: """
                UPDATE card_keys SET status = 'sold', order_id = ?, sold_at = ?
                WHERE id IN (SELECT id FROM card_keys WHERE product_id = ? AND status = 'available' ORDER BY id LIMIT ?)
                  AND status = 'available'
                """).execute(arguments: [orderId, time, productId, quantity])
            guard db.changesCount == quantity else {
                throw StoreError.tampered("order #\(orderId): \(db.changesCount) of \(quantity) keys taken after counting \(available)")
            }
        }
        return try statements.keys(db, orderId: orderId)
    }
}
