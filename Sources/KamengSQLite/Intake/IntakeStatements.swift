import Foundation
import GRDB

/// The statements one intake group runs per line, looked up once per group (write transaction).
/// The risk counts are index range scans: `orders_by_ip_buyer` and `orders_by_device_buyer` cover
/// the count, the distinct buyers and "is this buyer among them" without touching the table.
struct IntakeStatements {
    let orderByNumber: FastStatement
    /// What only a duplicate or a refused payment needs: read then, not for every line.
    let orderDetail: FastStatement
    let insertOrder: FastStatement
    /// A new order's reads in one statement (`IntakeGroup.Neighbourhood`).
    let neighbourhood: FastStatement
    let ipBuyers: FastStatement
    let deviceBuyers: FastStatement
    let buyerHistory: FastStatement
    let failedPayments: FastStatement
    let blacklisted: FastStatement
    let txnOwner: FastStatement
    let pay: FastStatement
    let payHeld: FastStatement
    let flag: FastStatement
    let insertFailure: FastStatement
    let signalExists: FastStatement
    let insertSignal: FastStatement
    let insertRejection: FastStatement
    let delivery: DeliveryStatements
    // The deferred writes (`PendingWrites`): orders in their final state and the keys chosen for them.
    let nextKeys: FastStatement
    let insertFinalOrder: FastStatement
    let bindKey: FastStatement
    /// A delivered order's notice to its shop (only for a substation with a notify URL; Outbox.swift).
    let insertNotice: FastStatement

    init(_ db: Database, now: Date, ledger: Bool) throws {
        orderByNumber = try FastStatement(db, """
            SELECT id, status, product_id, quantity, amount_fen, payment_txn FROM orders WHERE substation_id = ? AND order_no = ?
            """)
        orderDetail = try FastStatement(db, "SELECT buyer, risk_score, risk_reasons FROM orders WHERE id = ?")
        // A repeat of (substation, order no.) inserts nothing; the caller then compares it with the stored one.
        insertOrder = try FastStatement(db, """
            INSERT INTO orders (order_no, substation_id, buyer, ip, device, product_id, quantity, amount_fen,
                                status, risk_score, risk_reasons, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (substation_id, order_no) DO NOTHING
            """)
        // Orders in (from, to]: range counts on the covering indexes. Distinct buyers need a temporary
        // B-tree per call, so they are counted only when the orders alone could exceed the rule's limit.
        // Times are bound as integer milliseconds (`StoreTime.millis`), `created_ms`'s form (Schema v10):
        // converting text in SQL cost a julianday() parse per bound per statement.
        let from = "?6", to = "?7", inWindow = "created_ms > ?6 AND created_ms <= ?7"
        let window = "created_ms > ? AND created_ms <= ?"
        // Everything a new order asks of the table, in one statement instead of four (each statement's
        // binding, stepping and reset cost about as much as its index probe): is the number taken, the
        // orders on its IP and on its device in the window, and the buyer's history (see `buyerHistory`).
        neighbourhood = try FastStatement(db, """
            SELECT (SELECT id FROM orders WHERE order_no = ?1 AND substation_id = ?2),
                   (SELECT count(*) FROM orders WHERE ip = ?3 AND \(inWindow)),
                   (SELECT count(*) FROM orders WHERE device = ?4 AND \(inWindow)),
                   h.n, h.w
            FROM (SELECT count(*) AS n, coalesce(sum(t > \(from)), 0) AS w FROM
                    (SELECT created_ms AS t FROM orders WHERE buyer = ?5 AND created_ms <= \(to) ORDER BY created_ms DESC LIMIT 1000)) AS h
            """)
        ipBuyers = try FastStatement(db, """
            SELECT count(DISTINCT buyer), coalesce(max(buyer = ?), 0) FROM orders WHERE ip = ? AND \(window)
            """)
        deviceBuyers = try FastStatement(db, """
            SELECT count(DISTINCT buyer), coalesce(max(buyer = ?), 0) FROM orders WHERE device = ? AND \(window)
            """)
        // The buyer's latest orders up to this one's time, newest first and at most 1,000: how many in the
        // window, and how many at all (the new-buyer rule only asks whether there is any).
        buyerHistory = try FastStatement(db, """
            SELECT count(*), coalesce(sum(t > ?), 0) FROM
              (SELECT created_ms AS t FROM orders WHERE buyer = ? AND created_ms <= ? ORDER BY created_ms DESC LIMIT 1000)
            """)
        failedPayments = try FastStatement(db, "SELECT count(*) FROM payment_failures WHERE buyer = ? AND at > ? AND at <= ?")
        blacklisted = try FastStatement(db, """
            SELECT (SELECT count(*) FROM blacklist WHERE kind = 'ip' AND value = ?),
                   (SELECT count(*) FROM blacklist WHERE kind = 'buyer' AND value = ?),
                   (SELECT count(*) FROM blacklist WHERE kind = 'device' AND value = ?)
            """)
        txnOwner = try FastStatement(db, "SELECT id FROM orders WHERE payment_txn = ?")
        // OR IGNORE: a txn that already pays another order (UNIQUE payment_txn) changes nothing instead of
        // aborting the group; the caller sees 0 rows and says why. It spares a lookup on every payment.
        pay = try FastStatement(db, """
            UPDATE OR IGNORE orders SET status = 'paid', paid_at = ?, paid_fen = ?, payment_method = ?, payment_txn = ?, updated_at = ?
            WHERE id = ? AND status = 'pending'
            """)
        // A held order keeps its status: the payment is recorded, and a person decides about the keys.
        payHeld = try FastStatement(db, """
            UPDATE OR IGNORE orders SET paid_at = ?, paid_fen = ?, payment_method = ?, payment_txn = ?, updated_at = ?
            WHERE id = ? AND status = 'flagged' AND payment_txn IS NULL
            """)
        flag = try FastStatement(db, """
            UPDATE orders SET status = 'flagged', risk_score = ?, risk_reasons = ?, updated_at = ? WHERE id = ? AND status = 'pending'
            """)
        insertFailure = try FastStatement(db, """
            INSERT INTO payment_failures (order_id, buyer, at, txn, paid_fen, reason) VALUES (?, ?, ?, ?, ?, 'amount_mismatch')
            ON CONFLICT (order_id, txn) DO NOTHING
            """)
        signalExists = try FastStatement(db, "SELECT 1 FROM substation_signals WHERE substation_id = ? AND at = ?")
        insertSignal = try FastStatement(db, """
            INSERT INTO substation_signals (substation_id, at, callbacks, callback_failures, delivery_p95_ms, orders_last_hour)
            VALUES (?, ?, ?, ?, ?, ?)
            """)
        insertRejection = try FastStatement(db, """
            INSERT INTO intake_rejections (at, source, line, substation, kind, reason, detail, excerpt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        delivery = try DeliveryStatements(db, now: now, ledger: ledger)
        nextKeys = try FastStatement(db, """
            SELECT id FROM card_keys WHERE product_id = ? AND status = 'available' AND id > ? ORDER BY id LIMIT ?
            """)
        // One row per statement: a statement that writes several rows, in a table with foreign keys or
        // triggers that may abort, keeps a statement journal of every page it touches, which cost more
        // than the statements it saved (Docs/Performance.md).
        insertFinalOrder = try FastStatement(db, """
            INSERT INTO orders (id, order_no, substation_id, buyer, ip, device, product_id, quantity, amount_fen, status, risk_score,
                                risk_reasons, created_at, updated_at, paid_at, paid_fen, payment_method, payment_txn, delivered_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        // Only a key still available moves.
        bindKey = try FastStatement(db, "UPDATE card_keys SET status = 'sold', order_id = ? WHERE id = ? AND status = 'available'")
        insertNotice = try FastStatement(db, """
            INSERT INTO outbox (substation_id, order_id, type, created_at, next_attempt_at) VALUES (?, ?, 'delivered', ?, ?)
            """)
    }
}
