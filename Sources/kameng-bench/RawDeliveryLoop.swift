@preconcurrency import Crypto
import Foundation
import GRDBSQLite
import KamengDomain

/// The baseline: the store's delivery statements, prepared once and run straight through the SQLite
/// C API, with the same audit HMAC. What the store costs above this is the price of its abstractions.
final class RawDeliveryLoop {
    private var db: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]
    private let auditKey: SymmetricKey
    private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(path: String, auditKey: SymmetricKey) throws {
        self.auditKey = auditKey
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, nil) == SQLITE_OK else { throw RawError.sqlite("open") }
        try exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA cache_size = -32768; PRAGMA busy_timeout = 5000")
    }

    deinit {
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close(db)
    }

    func deliver(_ ids: [Int64], groupSize: Int) throws {
        for start in stride(from: 0, to: ids.count, by: groupSize) {
            try exec("BEGIN IMMEDIATE")
            var delivered: [String] = []
            for id in ids[start..<min(ids.count, start + groupSize)] {
                let (orderNo, taken) = try deliverOne(id)
                if groupSize == 1 {
                    try appendAudit(action: "order.deliver", target: "order:\(orderNo)", detail: "\(taken) key(s)", at: now)
                } else {
                    delivered.append("\(orderNo):\(taken)")
                }
            }
            if !delivered.isEmpty {
                try appendAudit(action: "order.deliver.group", target: "orders:\(delivered.count)", detail: delivered.joined(separator: " "), at: now)
            }
            try exec("COMMIT")
        }
    }

    private let now = "2026-11-23 00:00:00.000"

    private func deliverOne(_ orderId: Int64) throws -> (String, Int) {
        let lookup = try statement("SELECT o.status, o.quantity, o.product_id, o.order_no, p.reusable FROM orders o JOIN products p ON p.id = o.product_id WHERE o.id = ?")
        sqlite3_bind_int64(lookup, 1, orderId)
        guard sqlite3_step(lookup) == SQLITE_ROW else { throw RawError.sqlite("order") }
        let quantity = sqlite3_column_int64(lookup, 1)
        let productId = sqlite3_column_int64(lookup, 2)
        let orderNo = String(cString: sqlite3_column_text(lookup, 3))
        sqlite3_reset(lookup)
        if quantity != 1 { try exec("SAVEPOINT take") }
        let take = try statement(quantity == 1 ? """
            UPDATE card_keys SET status = 'sold', order_id = ?
            WHERE id = (SELECT id FROM card_keys WHERE product_id = ? AND status = 'available' ORDER BY id LIMIT 1)
              AND status = 'available'
            """ : """
            UPDATE card_keys SET status = 'sold', order_id = ?
            WHERE id IN (SELECT id FROM card_keys WHERE product_id = ? AND status = 'available' ORDER BY id LIMIT ?)
              AND status = 'available'
            """)
        sqlite3_bind_int64(take, 1, orderId)
        sqlite3_bind_int64(take, 2, productId)
        if quantity != 1 { sqlite3_bind_int64(take, 3, quantity) }
        guard sqlite3_step(take) == SQLITE_DONE else { throw RawError.sqlite("take") }
        sqlite3_reset(take)
        let taken = Int(sqlite3_changes(db))
        guard taken == Int(quantity) else { throw RawError.sqlite("short stock") }
        let ids = try statement("SELECT id FROM card_keys WHERE order_id = ? ORDER BY id")
        sqlite3_bind_int64(ids, 1, orderId)
        while sqlite3_step(ids) == SQLITE_ROW {}
        sqlite3_reset(ids)
        if quantity != 1 { try exec("RELEASE take") }
        let mark = try statement("UPDATE orders SET status = 'delivered', delivered_at = ?, updated_at = ? WHERE id = ? AND status IN ('paid', 'awaiting_stock')")
        sqlite3_bind_text(mark, 1, now, -1, transient)
        sqlite3_bind_text(mark, 2, now, -1, transient)
        sqlite3_bind_int64(mark, 3, orderId)
        guard sqlite3_step(mark) == SQLITE_DONE, sqlite3_changes(db) == 1 else { throw RawError.sqlite("mark") }
        sqlite3_reset(mark)
        return (orderNo, taken)
    }

    private func appendAudit(action: String, target: String, detail: String, at: String) throws {
        let last = try statement("SELECT id, mac FROM audit_log ORDER BY id DESC LIMIT 1")
        guard sqlite3_step(last) == SQLITE_ROW else { throw RawError.sqlite("audit tail") }
        let id = sqlite3_column_int64(last, 0) + 1
        let prev = String(cString: sqlite3_column_text(last, 1))
        sqlite3_reset(last)
        var message = Data()
        for field in [prev, String(id), at, "system", action, target, detail] {
            message.append(contentsOf: "\(field.utf8.count):".utf8)
            message.append(contentsOf: field.utf8)
        }
        let mac = Hex.string(HMAC<SHA256>.authenticationCode(for: message, using: auditKey))
        let insert = try statement("INSERT INTO audit_log (id, at, actor, action, target, detail, prev_mac, mac) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        sqlite3_bind_int64(insert, 1, id)
        for (index, text) in [at, "system", action, target, detail, prev, mac].enumerated() {
            sqlite3_bind_text(insert, Int32(index + 2), text, -1, transient)
        }
        guard sqlite3_step(insert) == SQLITE_DONE else { throw RawError.sqlite("audit insert: " + String(cString: sqlite3_errmsg(db))) }
        sqlite3_reset(insert)
    }

    func checkAllDelivered(expected: Int) throws {
        let count = try statement("SELECT count(*) FROM orders WHERE status = 'delivered'")
        guard sqlite3_step(count) == SQLITE_ROW, sqlite3_column_int64(count, 0) == expected else { throw RawError.sqlite("raw loop did not deliver every order") }
        sqlite3_reset(count)
    }

    private func statement(_ sql: String) throws -> OpaquePointer {
        if let cached = statements[sql] { return cached }
        var prepared: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &prepared, nil) == SQLITE_OK, let prepared else {
            throw RawError.sqlite("prepare: " + String(cString: sqlite3_errmsg(db)))
        }
        statements[sql] = prepared
        return prepared
    }

    private func exec(_ sql: String) throws {
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { throw RawError.sqlite(sql + ": " + String(cString: sqlite3_errmsg(db))) }
    }
}

enum RawError: Error { case sqlite(String) }
