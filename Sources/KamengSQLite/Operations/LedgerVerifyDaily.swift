import Foundation
import GRDB
import KamengDomain
import KamengStorage

/// `ledger_daily` against the entries it summarises: each (UTC+8 day, substation, product) recomputed
/// from the charge and refund entries' postings and compared figure by figure. The gross is not in the
/// postings (it is the retail price at delivery), so it is the one figure not checked.
enum LedgerDailyCheck {
    struct Key: Hashable, Comparable {
        var day: String, substation: Int64, product: Int64
        static func < (a: Key, b: Key) -> Bool { (a.day, a.substation, a.product) < (b.day, b.substation, b.product) }
    }

    static let figures = ["orders", "units", "charge_fen", "override_fen", "cost_fen", "refunds", "refund_charge_fen", "refund_override_fen"]

    static func firstDifference(_ db: Database) throws -> String? {
        // The postings drive (CROSS JOIN fixes the order): they have no index by entry, so any plan that
        // looks them up per entry reads the whole table once per entry.
        let recomputed = try table(db, sql: """
            WITH per_entry AS (
                SELECT e.id, e.kind, e.at, e.substation_id, e.order_id,
                       coalesce(sum(CASE WHEN a.kind = 'prepaid' THEN p.amount_fen END), 0) AS prepaid,
                       coalesce(sum(CASE WHEN a.kind = 'commission_payable' THEN p.amount_fen END), 0) AS override,
                       coalesce(sum(CASE WHEN a.kind = 'cost_of_goods' THEN p.amount_fen END), 0) AS cost
                FROM ledger_postings p
                CROSS JOIN ledger_entries e ON e.id = p.entry_id
                JOIN ledger_accounts a ON a.id = p.account_id
                WHERE e.kind IN ('charge', 'refund')
                GROUP BY e.id
            )
            SELECT date(pe.at, '+8 hours') AS day, pe.substation_id, o.product_id,
                   sum(pe.kind = 'charge') AS orders,
                   sum(CASE WHEN pe.kind = 'charge' THEN o.quantity ELSE 0 END) AS units,
                   sum(CASE WHEN pe.kind = 'charge' THEN -pe.prepaid ELSE 0 END) AS charge_fen,
                   sum(CASE WHEN pe.kind = 'charge' THEN pe.override ELSE 0 END) AS override_fen,
                   sum(CASE WHEN pe.kind = 'charge' THEN pe.cost ELSE 0 END) AS cost_fen,
                   sum(pe.kind = 'refund') AS refunds,
                   sum(CASE WHEN pe.kind = 'refund' THEN pe.prepaid ELSE 0 END) AS refund_charge_fen,
                   sum(CASE WHEN pe.kind = 'refund' THEN -pe.override ELSE 0 END) AS refund_override_fen
            FROM per_entry pe JOIN orders o ON o.id = pe.order_id
            GROUP BY day, pe.substation_id, o.product_id
            """)
        let stored = try table(db, sql: "SELECT day, substation_id, product_id, \(figures.joined(separator: ", ")) FROM ledger_daily")
        let zero = [Int64](repeating: 0, count: figures.count)
        for key in Set(recomputed.keys).union(stored.keys).sorted() {
            let want = recomputed[key] ?? zero, have = stored[key] ?? zero
            guard let i = figures.indices.first(where: { want[$0] != have[$0] }) else { continue }
            let code = try String.fetchOne(db, sql: "SELECT code FROM substations WHERE id = ?", arguments: [key.substation]) ?? "#\(key.substation)"
            let sku = try String.fetchOne(db, sql: "SELECT sku FROM products WHERE id = ?", arguments: [key.product]) ?? "#\(key.product)"
            return "ledger_daily \(key.day) \(code) \(sku): \(figures[i]) is \(have[i]) but the entries say \(want[i])"
        }
        return nil
    }

    private static func table(_ db: Database, sql: String) throws -> [Key: [Int64]] {
        var out: [Key: [Int64]] = [:]
        let cursor = try Row.fetchCursor(db, sql: sql)
        while let row = try cursor.next() {
            out[Key(day: row[0], substation: row[1], product: row[2])] = (3..<(3 + figures.count)).map { row[$0] as Int64 }
        }
        return out
    }
}
