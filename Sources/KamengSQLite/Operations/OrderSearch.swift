import Foundation
import GRDB
import KamengDomain
import KamengStorage

extension SQLiteStore {
    /// Orders matching `query`, newest first, paged by key like `recentOrders`. Each word must equal the
    /// order number, buyer, IP or device (each has an index led by that column, so this stays fast at
    /// any table size), or, when it is at least `Schema.orderTailLength` characters long and no order has
    /// it as its whole number, be the end of an order number (through the tail index, v12); status, substation and product narrow further, each through an index that
    /// ends in the creation time (and the rowid), so a page is read newest first off the index without a sort.
    /// `OrderSearchPlanTests` checks the plans.
    func searchOrders(_ query: OrderQuery, after cursor: OrderCursor? = nil, limit: Int = 50) throws -> [OrderSummary] {
        let (sql, arguments) = Self.searchStatement(query, after: cursor, limit: limit)
        return try pool.read { db in try Self.orderSummaries(Row.fetchAll(db, sql: sql, arguments: arguments)) }
    }

    static func searchStatement(_ query: OrderQuery, after cursor: OrderCursor?, limit: Int) -> (String, StatementArguments) {
        var sql = """
            SELECT o.*, p.sku AS product_sku, p.name AS product_name, s.code AS substation_code
            FROM orders o JOIN products p ON p.id = o.product_id JOIN substations s ON s.id = o.substation_id
            """
        var conditions: [String] = []
        var arguments: StatementArguments = []
        // Each word's orders come from its four lookup indexes, written as a list of ids: as an OR of four
        // terms the same rows were left to SQLite's cost guess, which (with no statistics, and a guessed
        // row width that changes with the table's columns) preferred walking every order newest first.
        for word in query.words {
            // A word at least as long as the tail index's key that is not a whole order number also finds
            // the orders whose number ends with it: what support reads off a cut number (`…30-1000000`).
            // The index gives the numbers ending in the word's last characters; the comparison of the
            // whole end keeps those ending in all of it (a plain comparison: no LIKE, so `%` and `_` are
            // literal). Shorter words match exactly, as before: a tail that short matches too many orders.
            let byTail = word.unicodeScalars.count >= Schema.orderTailLength
            let tail = byTail ? """
                UNION ALL SELECT id FROM orders WHERE \(Schema.orderTail("order_no")) = \(Schema.orderTail("?")) \
                AND substr(order_no, -length(?)) = ? AND NOT EXISTS (SELECT 1 FROM orders WHERE order_no = ?)
                """ : ""
            conditions.append("""
                o.id IN (SELECT id FROM orders WHERE order_no = ? UNION ALL SELECT id FROM orders WHERE buyer = ?
                         UNION ALL SELECT id FROM orders WHERE ip = ? UNION ALL SELECT id FROM orders WHERE device = ? \(tail))
                """)
            arguments += [word, word, word, word]
            if byTail { arguments += [word, word, word, word] }
        }
        // With words, the rows come from the four lookup indexes (a few dozen at most) and the narrowing
        // terms only filter them: `+` keeps SQLite from walking all of a status's, a substation's or a
        // product's orders instead, newest first, to find the few a word matches (1.1 s for a buyer's
        // delivered orders on the 1M-order demo, against 1 ms).
        let filterOnly = query.words.isEmpty ? "" : "+"
        if let status = query.status { conditions.append("\(filterOnly)o.status = ?"); arguments += [status.rawValue] }
        if let code = query.substationCode { conditions.append("\(filterOnly)s.code = ?"); arguments += [code] }
        if let sku = query.productSKU { conditions.append("\(filterOnly)p.sku = ?"); arguments += [sku] }
        // Every order index ends in `created_ms` (Schema v8, v10), the same order as `created_at`.
        if let cursor {
            conditions.append("(o.created_ms, o.id) < (\(Schema.createdMillis("?")), ?)")
            arguments += [cursor.createdAt, cursor.id]
        }
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY o.created_ms DESC, o.id DESC LIMIT ?"
        arguments += [limit]
        return (sql, arguments)
    }

    /// SQLite's plan for a statement, one line per step (`SEARCH o USING INDEX …`), for plan tests.
    func queryPlan(_ sql: String, arguments: StatementArguments) throws -> [String] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
        }
    }

    /// What happened to an order, oldest first: the audit rows that name it (delivered, revealed,
    /// approved, refunded…). Secrets never reach the audit log, so none reach this list.
    func orderHistory(orderNo: String) throws -> [AuditEvent] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, at, actor, action, target, detail FROM audit_log WHERE target = ? ORDER BY id",
                             arguments: ["order:\(orderNo)"])
                .map(Self.auditEvent(from:))
        }
    }
}
