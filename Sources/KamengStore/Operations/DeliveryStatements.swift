import Foundation
import GRDB
import GRDBSQLite
import KamengStoreInterface

/// The hot statements of a delivery, looked up once per transaction and run straight through the
/// SQLite C API on GRDB's own prepared statements (inside GRDB's transaction). A group commit of 500
/// orders otherwise spends as long binding arguments and decoding rows in GRDB as SQLite spends
/// running them (Docs/Performance.md). Every other statement goes through GRDB as usual.
struct DeliveryStatements {
    private let lookup: Statement
    private let takeOne: Statement
    private let keysOfOrder: Statement
    private let markDelivered: Statement
    let time: String
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ db: Database, now: Date) throws {
        lookup = try db.cachedStatement(sql: """
            SELECT o.status, o.quantity, o.product_id, o.order_no, p.reusable
            FROM orders o JOIN products p ON p.id = o.product_id WHERE o.id = ?
            """)
        takeOne = try db.cachedStatement(sql: """
            UPDATE card_keys SET status = 'sold', order_id = ?, sold_at = ?
            WHERE id = (SELECT id FROM card_keys WHERE product_id = ? AND status = 'available' ORDER BY id LIMIT 1)
              AND status = 'available'
            """)
        keysOfOrder = try db.cachedStatement(sql: "SELECT id FROM card_keys WHERE order_id = ? ORDER BY id")
        markDelivered = try db.cachedStatement(sql: """
            UPDATE orders SET status = 'delivered', delivered_at = ?, updated_at = ? WHERE id = ? AND status IN ('paid', 'awaiting_stock')
            """)
        time = StoreTime.string(now)
    }

    /// The order's status, quantity, product, number and whether its product is reusable; nil if absent.
    func order(_ db: Database, id: Int64) throws -> (status: String, quantity: Int, productId: Int64, orderNo: String, reusable: Bool)? {
        let s = lookup.sqliteStatement
        defer { sqlite3_reset(s) }
        sqlite3_bind_int64(s, 1, id)
        switch sqlite3_step(s) {
        case SQLITE_ROW:
            return (String(cString: sqlite3_column_text(s, 0)), Int(sqlite3_column_int64(s, 1)), sqlite3_column_int64(s, 2),
                    String(cString: sqlite3_column_text(s, 3)), sqlite3_column_int64(s, 4) != 0)
        case SQLITE_DONE: return nil
        case let code: throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
    }

    /// The guarded single-key take; returns the number of rows it changed (0 or 1).
    func takeOneKey(_ db: Database, orderId: Int64, productId: Int64) throws -> Int {
        let s = takeOne.sqliteStatement
        defer { sqlite3_reset(s) }
        sqlite3_bind_int64(s, 1, orderId)
        sqlite3_bind_text(s, 2, time, -1, Self.transient)
        sqlite3_bind_int64(s, 3, productId)
        try step(db, s)
        return Int(sqlite3_changes(db.sqliteConnection))
    }

    func keys(_ db: Database, orderId: Int64) throws -> [Int64] {
        let s = keysOfOrder.sqliteStatement
        defer { sqlite3_reset(s) }
        sqlite3_bind_int64(s, 1, orderId)
        var ids: [Int64] = []
        while true {
            let code = sqlite3_step(s)
            if code == SQLITE_ROW { ids.append(sqlite3_column_int64(s, 0)); continue }
            if code == SQLITE_DONE { return ids }
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
    }

    /// Moves the order to delivered; returns the number of rows changed (must be 1).
    func markDelivered(_ db: Database, orderId: Int64) throws -> Int {
        let s = markDelivered.sqliteStatement
        defer { sqlite3_reset(s) }
        sqlite3_bind_text(s, 1, time, -1, Self.transient)
        sqlite3_bind_text(s, 2, time, -1, Self.transient)
        sqlite3_bind_int64(s, 3, orderId)
        try step(db, s)
        return Int(sqlite3_changes(db.sqliteConnection))
    }

    private func step(_ db: Database, _ s: OpaquePointer) throws {
        let code = sqlite3_step(s)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
        }
    }
}
