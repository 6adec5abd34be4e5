import Foundation
import GRDB
import GRDBSQLite
import KamengStorage

/// The statements of a delivery, looked up once per transaction. The hot ones (every delivery runs
/// them) are bound through the SQLite C API and run with `RawStatement.swift`'s helpers on GRDB's own
/// prepared statements: a group commit of 500 orders otherwise spent as long binding arguments and
/// decoding rows in GRDB as SQLite spent running them (Docs/Performance.md). The rest go through GRDB.
struct DeliveryStatements {
    private let lookup: Statement
    private let takeOne: Statement
    private let keysOfOrder: Statement
    private let markDelivered: Statement
    let time: String
    let now: Date
    /// The charges of the deliveries through these statements (nil: the benchmark's run without the
    /// ledger, `SQLiteStore.postsLedger`); flushed by `writeCounts`.
    let ledger: LedgerBook?
    /// What the deliveries through these statements moved, written into the stock counts by `writeCounts`.
    let counts = StockCounts.Pending()
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ db: Database, now: Date, ledger: Bool) throws {
        lookup = try db.cachedStatement(sql: """
            SELECT o.status, o.quantity, o.product_id, o.order_no, p.reusable, o.created_at, o.substation_id
            FROM orders o JOIN products p ON p.id = o.product_id WHERE o.id = ?
            """)
        takeOne = try db.cachedStatement(sql: Self.takeOneSQL)
        keysOfOrder = try db.cachedStatement(sql: "SELECT id FROM card_keys WHERE order_id = ? ORDER BY id")
        markDelivered = try db.cachedStatement(sql: """
            UPDATE orders SET status = 'delivered', delivered_at = ?, updated_at = ?
            WHERE id = ? AND status IN ('paid', 'awaiting_stock', 'awaiting_funds')
            """)
        time = StoreTime.string(now)
        self.now = now
        self.ledger = ledger ? try LedgerBook(db) : nil
    }

    /// The order's status, quantity, product, number, whether its product is reusable, and its stored
    /// creation time and its substation; nil if absent.
    func order(_ db: Database, id: Int64) throws
        -> (status: String, quantity: Int, productId: Int64, orderNo: String, reusable: Bool, createdAt: String, substationId: Int64)? {
        sqlite3_bind_int64(lookup.sqliteStatement, 1, id)
        return try lookup.firstRow(db) { s in
            (String(cString: sqlite3_column_text(s, 0)), Int(sqlite3_column_int64(s, 1)), sqlite3_column_int64(s, 2),
             String(cString: sqlite3_column_text(s, 3)), sqlite3_column_int64(s, 4) != 0, String(cString: sqlite3_column_text(s, 5)),
             sqlite3_column_int64(s, 6))
        }
    }

    // MARK: The key take

    /// One key: a scalar subquery, which spares SQLite the temporary tables that `IN (…)` and
    /// `RETURNING` build per call.
    private static let takeOneSQL = """
        UPDATE card_keys SET status = 'sold', order_id = ?
        WHERE id = (SELECT id FROM card_keys WHERE product_id = ? AND status = 'available' ORDER BY id LIMIT 1)
          AND status = 'available'
        """
    private static let takeManySQL = """
        UPDATE card_keys SET status = 'sold', order_id = ?
        WHERE id IN (SELECT id FROM card_keys WHERE product_id = ? AND status = 'available' ORDER BY id LIMIT ?)
          AND status = 'available'
        """

    /// The key take, the one place a delivery sells card keys: exactly `quantity` of the product's
    /// available keys, lowest id first, bound to the order, or none when fewer are available. Only
    /// rows still 'available' move; `counts` notes them for the stock counts. Returns the ids of the
    /// order's keys (empty when short).
    ///
    /// (The intake's deferred writes bind keys they chose ahead with a third statement of the same
    /// guard, `IntakeStatements.bindKey`; it joins this one when the intake's rewrite lands.)
    func takeKeys(_ db: Database, orderId: Int64, productId: Int64, quantity: Int) throws -> [Int64] {
        if quantity == 1 {
            // One row or none: nothing to undo when short, so no savepoint is needed.
            let s = takeOne.sqliteStatement
            sqlite3_bind_int64(s, 1, orderId)
            sqlite3_bind_int64(s, 2, productId)
            guard try takeOne.stepToEnd(db) == 1 else { return [] }
        } else {
            // Count first, then take: inside the write transaction no other writer can move a key in
            // between, so a short product binds nothing without the savepoint a take-then-undo needed
            // (GRDB's savepoint was most of the cost of a multi-key delivery). The UPDATE stays guarded,
            // and a count that still disagrees fails the whole transaction rather than binding part.
            let available = try Int.fetchOne(db.cachedStatement(sql: """
                SELECT count(*) FROM (SELECT 1 FROM card_keys WHERE product_id = ? AND status = 'available' LIMIT ?)
                """), arguments: [productId, quantity]) ?? 0
            guard available == quantity else { return [] }
            try db.cachedStatement(sql: Self.takeManySQL).execute(arguments: [orderId, productId, quantity])
            guard db.changesCount == quantity else {
                throw StoreError.tampered("order #\(orderId): \(db.changesCount) of \(quantity) keys taken after counting \(available)")
            }
        }
        let taken = try keys(db, orderId: orderId)
        counts.keysSold(productId: productId, keyIds: taken)
        return taken
    }

    func keys(_ db: Database, orderId: Int64) throws -> [Int64] {
        sqlite3_bind_int64(keysOfOrder.sqliteStatement, 1, orderId)
        var ids: [Int64] = []
        try keysOfOrder.stepRows(db) { s in ids.append(sqlite3_column_int64(s, 0)) }
        return ids
    }

    /// Moves the order to delivered and notes its units for the daily sales in `counts`; returns the
    /// number of rows changed (must be 1).
    func markDelivered(_ db: Database, orderId: Int64, productId: Int64, createdAt: String, quantity: Int) throws -> Int {
        let s = markDelivered.sqliteStatement
        sqlite3_bind_text(s, 1, time, -1, Self.transient)
        sqlite3_bind_text(s, 2, time, -1, Self.transient)
        sqlite3_bind_int64(s, 3, orderId)
        let changed = try markDelivered.stepToEnd(db)
        if changed == 1 { counts.sold(productId: productId, createdAt: createdAt, units: quantity) }
        return changed
    }

    /// The product's available keys now, inside this transaction: the stock counts less the keys
    /// taken through these statements and not yet written into them.
    func availableKeys(_ db: Database, productId: Int64) throws -> Int {
        try SQLiteStore.availableKeys(db, productId: productId) - counts.keysSold(productId: productId)
    }

    /// Writes what the deliveries moved into the stock counts (StockCounts.swift) and the ledger's
    /// balances and daily figures (`LedgerBook`): once per group instead of two or three statements per
    /// order, which measured as a quarter of a grouped delivery's time. Every user of these statements
    /// calls it before its transaction commits.
    func writeCounts(_ db: Database) throws {
        try counts.write(db)
        try ledger?.flush(db)
    }

    /// Forgets what was not written (the savepoint or transaction that did it rolls back).
    func discard() {
        counts.discard()
        ledger?.discard()
    }
}
