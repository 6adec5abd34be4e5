import Foundation
import GRDB
import KamengDomain
import KamengStorage

/// The order writes below act for no staff member: the intake (which checks its actor's `ingest`
/// permission once per run) and the benchmark and tests call them. They are `package`, not public:
/// a person changes orders only through the engine's methods that take `by actor: Staff` and audit it.
extension SQLiteStore {
    /// Delivers one paid order in its own durable transaction.
    package func deliver(orderId: Int64, actor: String = "system", now: Date = Date()) throws -> DeliveryOutcome {
        try requireWritable(Permission.deliverOrders.rawValue)
        return try dbWrite { db in try deliver(db, orderId: orderId, actor: actor, now: now) }
    }

    /// Delivers many paid orders in one transaction (a group commit): one fsync for the lot, and one
    /// audit row naming every order delivered and its key count (Docs/Decisions.md).
    /// Each order's keys are taken all-or-nothing (a short order binds none and waits for stock);
    /// an unexpected error rolls back the whole group, which the caller may retry.
    package func deliver(orderIds: [Int64], actor: String = "system", now: Date = Date()) throws -> [DeliveryOutcome] {
        try requireWritable(Permission.deliverOrders.rawValue)
        return try dbWrite { db in
            var delivered: [String] = []
            let statements = try DeliveryStatements(db, now: now, ledger: postsLedger)
            let outcomes = try orderIds.map { id in
                try deliver(db, orderId: id, actor: actor, statements: statements) { orderNo, keys in delivered.append("\(orderNo):\(keys)") }
            }
            try statements.writeCounts(db)
            if !delivered.isEmpty {
                try appendAudit(db, actor: actor, action: "order.deliver.group", target: "orders:\(delivered.count)",
                                detail: delivered.joined(separator: " "), at: now)
            }
            return outcomes
        }
    }

    /// Records a payment and delivers in the same transaction: what a payment notification does.
    /// However often the same notification arrives, from however many processes, keys are bound once.
    package func payAndDeliver(orderId: Int64, amount: Money, method: PaymentMethod, txn: String, now: Date = Date()) throws -> DeliveryOutcome {
        try requireWritable(Permission.deliverOrders.rawValue)
        return try dbWrite { db in
            _ = try recordPayment(db, orderId: orderId, amount: amount, method: method, txn: txn, now: now)
            return try deliver(db, orderId: orderId, actor: "system", now: now)
        }
    }

    /// Binds exactly `quantity` available keys to the order with one guarded UPDATE, or none.
    /// The delivery is audited by one row of its own, or, when `recordGrouped` is given, by the group's row.
    func deliver(_ db: Database, orderId: Int64, actor: String, now: Date) throws -> DeliveryOutcome {
        let statements = try DeliveryStatements(db, now: now, ledger: postsLedger)
        let outcome = try deliver(db, orderId: orderId, actor: actor, statements: statements, recordGrouped: nil)
        try statements.writeCounts(db)
        return outcome
    }

    func deliver(_ db: Database, orderId: Int64, actor: String, statements: DeliveryStatements,
                 recordGrouped: ((_ orderNo: String, _ keys: Int) -> Void)?) throws -> DeliveryOutcome {
        guard let row = try statements.order(db, id: orderId) else { throw StoreError.notFound(.order(id: orderId)) }
        let status: OrderStatus = try RowDecoding.value(row.status, table: "orders", id: orderId, column: "status")
        switch status {
        case .delivered: return .alreadyDelivered
        case .paid, .awaitingStock, .awaitingFunds: break
        default: return .notDeliverable(status)
        }
        let quantity = row.quantity
        let productId = row.productId
        let orderNo = row.orderNo
        let time = statements.time
        // The charge is priced now, at delivery (Docs/Money.md), and checked against the funds before
        // any key moves: an order its substation cannot pay for waits, with nothing taken or charged.
        var charge: OrderCharge?
        if let ledger = statements.ledger {
            let priced = try ledger.charge(db, substationId: row.substationId, productId: productId, quantity: quantity)
            if let available = try ledger.available(db, substationId: row.substationId), available < priced.charge.fen {
                if status != .awaitingFunds {
                    try db.cachedStatement(sql: """
                        UPDATE orders SET status = 'awaiting_funds', updated_at = ? WHERE id = ? AND status IN ('paid', 'awaiting_stock')
                        """).execute(arguments: [time, orderId])
                }
                return .awaitingFunds(charge: priced.charge, available: Money(fen: available))
            }
            charge = priced
        }
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
            keyIds = try statements.takeKeys(db, orderId: orderId, productId: productId, quantity: quantity)
        }
        guard !keyIds.isEmpty else {
            if status != .awaitingStock {
                try db.cachedStatement(sql: """
                    UPDATE orders SET status = 'awaiting_stock', updated_at = ? WHERE id = ? AND status IN ('paid', 'awaiting_funds')
                    """).execute(arguments: [time, orderId])
            }
            let available = try statements.availableKeys(db, productId: productId)
            return .awaitingStock(available: available)
        }
        guard try statements.markDelivered(db, orderId: orderId, productId: productId, createdAt: row.createdAt, quantity: quantity) == 1 else {
            throw StoreError.tampered("order #\(orderId) changed status during delivery")
        }
        if let charge, let ledger = statements.ledger {
            try ledger.postCharge(db, orderId: orderId, substationId: row.substationId, productId: productId, quantity: quantity,
                                  charge: charge, actor: actor, at: statements.now, time: time)
        }
        try enqueueNotice(db, orderId: orderId, type: .delivered, time: time)
        if let recordGrouped {
            recordGrouped(orderNo, keyIds.count)
        } else {
            try appendAudit(db, actor: actor, action: "order.deliver", target: "order:\(orderNo)", detail: "\(keyIds.count) key(s)", time: time)
        }
        return .delivered(keyIds: keyIds)
    }
}
