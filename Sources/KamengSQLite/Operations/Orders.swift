import Foundation
import GRDB
import KamengDomain
import KamengStorage

/// A position in the newest-first order list, for paging by key instead of OFFSET.
@_spi(Benchmark) public struct OrderCursor: Hashable, Sendable {
    public var createdAt: String
    public var id: Int64

    /// The cursor just past an order with this creation time and id (the last row of a page).
    public init(createdAt: Date, id: Int64) {
        self.createdAt = StoreTime.string(createdAt)
        self.id = id
    }
}

extension SQLiteStore {
    /// Records a new pending order. Idempotent by (substation, order no.): a repeat returns the existing id.
    @discardableResult
    func createOrder(_ order: Order, now: Date = Date()) throws -> Int64 {
        let problems = order.validationProblems
        guard problems.isEmpty else { throw StoreError.invalidRecord(.orderNo(order.orderNo), problems: problems) }
        try requireWritable("record orders")
        return try dbWrite { db in try insertOrder(db, order, now: now) }
    }

    func insertOrder(_ db: Database, _ o: Order, now: Date) throws -> Int64 {
        if let existing = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM orders WHERE substation_id = ? AND order_no = ?"),
                                             arguments: [o.substationId, o.orderNo]) {
            return existing
        }
        try db.cachedStatement(sql: """
            INSERT INTO orders (order_no, substation_id, buyer, ip, device, product_id, quantity, amount_fen, payment_method,
                                status, risk_score, risk_reasons, created_at, paid_at, delivered_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [o.orderNo, o.substationId, o.buyer, o.ip, o.device, o.productId, o.quantity, o.amount.fen,
                                     o.paymentMethod?.rawValue, o.status.rawValue, o.riskScore, Self.json(o.riskFindings),
                                     StoreTime.string(o.createdAt), o.paidAt.map(StoreTime.string),
                                     o.deliveredAt.map(StoreTime.string), StoreTime.string(now)])
        let id = db.lastInsertedRowID
        if o.status == .delivered {
            try StockCounts.addSales(db, productId: o.productId, createdAt: StoreTime.string(o.createdAt), units: o.quantity)
        }
        return id
    }

    /// Marks a pending order paid. A repeated notification (same or already-paid order) changes nothing.
    /// Returns whether this call was the one that recorded the payment.
    @discardableResult
    func recordPayment(orderId: Int64, amount: Money, method: PaymentMethod, txn: String, now: Date = Date()) throws -> Bool {
        try requireWritable("record payments")
        return try dbWrite { db in try recordPayment(db, orderId: orderId, amount: amount, method: method, txn: txn, now: now) }
    }

    func recordPayment(_ db: Database, orderId: Int64, amount: Money, method: PaymentMethod, txn: String, now: Date) throws -> Bool {
        let time = StoreTime.string(now)
        try db.cachedStatement(sql: """
            UPDATE orders SET status = 'paid', paid_at = ?, paid_fen = ?, payment_method = ?, payment_txn = ?, updated_at = ?
            WHERE id = ? AND status = 'pending' AND NOT EXISTS (SELECT 1 FROM orders WHERE payment_txn = ?)
            """).execute(arguments: [time, amount.fen, method.rawValue, txn, time, orderId, txn])
        return db.changesCount == 1
    }

    /// Orders newest first, paged by key: pass the last row's cursor to get the next page.
    @_spi(Benchmark) public func recentOrders(status: OrderStatus? = nil, after cursor: OrderCursor? = nil, limit: Int = 50) throws -> [OrderSummary] {
        let (sql, arguments) = Self.recentStatement(status: status, after: cursor, limit: limit)
        return try pool.read { db in try Self.orderSummaries(Row.fetchAll(db, sql: sql, arguments: arguments)) }
    }

    static func recentStatement(status: OrderStatus?, after cursor: OrderCursor?, limit: Int) -> (String, StatementArguments) {
        var sql = """
            SELECT o.*, p.sku AS product_sku, p.name AS product_name, s.code AS substation_code
            FROM orders o JOIN products p ON p.id = o.product_id JOIN substations s ON s.id = o.substation_id
            """
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let status { conditions.append("o.status = ?"); arguments += [status.rawValue] }
        if let cursor { conditions.append("(o.created_ms, o.id) < (\(Schema.createdMillis("?")), ?)"); arguments += [cursor.createdAt, cursor.id] }
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY o.created_ms DESC, o.id DESC LIMIT ?"
        arguments += [limit]
        return (sql, arguments)
    }

    func order(id: Int64) throws -> Order {
        let row = try pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM orders WHERE id = ?", arguments: [id]) }
        guard let row else { throw StoreError.notFound(.order(id: id)) }
        return try Self.order(from: row)
    }

    /// Ids of the keys delivered to an order (sold to it, or shared with it for a reusable product).
    func deliveredKeyIds(orderId: Int64) throws -> [Int64] {
        try pool.read { db in
            try Int64.fetchAll(db, sql: """
                SELECT id FROM card_keys WHERE order_id = ?
                UNION ALL SELECT card_key_id FROM reusable_deliveries WHERE order_id = ? ORDER BY 1
                """, arguments: [orderId, orderId])
        }
    }

    static func json(_ findings: [RiskFinding]) -> String {
        // Sorted keys: the same findings are stored as the same text (the encoder's order is not fixed).
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? String(decoding: encoder.encode(findings), as: UTF8.self)) ?? "[]"
    }
}

extension SQLiteStore {
    /// Records many orders in one transaction (bulk intake, benchmarks, tests); idempotent per order like
    /// `createOrder`. `package`, like the delivery writes (Delivery.swift): no person calls it.
    @discardableResult
    package func createOrders(_ orders: [Order], now: Date = Date()) throws -> [Int64] {
        for order in orders where !order.validationProblems.isEmpty {
            throw StoreError.invalidRecord(.orderNo(order.orderNo), problems: order.validationProblems)
        }
        try requireWritable("record orders")
        return try dbWrite { db in try orders.map { try insertOrder(db, $0, now: now) } }
    }
}
