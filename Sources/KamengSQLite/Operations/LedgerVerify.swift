import Foundation
import GRDB
import KamengDomain
import KamengStorage

extension SQLiteStore {
    /// Checks every fact the ledger keeps, in one read transaction (one consistent snapshot), and names
    /// the first broken one: entries sum to zero; running balances equal their postings; every order
    /// delivered since the ledger started is charged once and nothing else is; every refund of a charged
    /// order reverses its charge and override exactly, once; `ledger_daily` says what the entries say.
    func verifyLedger() throws -> LedgerVerification {
        try pool.read { db in
            let entries = try Int.fetchOne(db, sql: "SELECT count(*) FROM ledger_entries") ?? 0
            let postings = try Int.fetchOne(db, sql: "SELECT count(*) FROM ledger_postings") ?? 0
            let accounts = try Int.fetchOne(db, sql: "SELECT count(*) FROM ledger_accounts") ?? 0
            let checks: [(Database) throws -> String?] = [
                Self.unbalancedEntry, Self.wrongBalance, Self.uncharged, Self.chargedNotDelivered, Self.badRefund, LedgerDailyCheck.firstDifference,
            ]
            var problem: String?
            for check in checks where problem == nil { problem = try check(db) }
            return LedgerVerification(entries: entries, postings: postings, accounts: accounts, firstProblem: problem)
        }
    }

    static func unbalancedEntry(_ db: Database) throws -> String? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT entry_id, sum(amount_fen) AS total FROM ledger_postings GROUP BY entry_id HAVING sum(amount_fen) <> 0 ORDER BY entry_id LIMIT 1
            """) else { return nil }
        return "entry \(row["entry_id"] as Int64): its postings sum to \(Money(fen: row["total"])), not zero"
    }

    static func wrongBalance(_ db: Database) throws -> String? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT a.id, a.kind, s.code, a.balance_fen, coalesce((SELECT sum(p.amount_fen) FROM ledger_postings p WHERE p.account_id = a.id), 0) AS summed
            FROM ledger_accounts a LEFT JOIN substations s ON s.id = a.substation_id
            WHERE a.balance_fen <> summed ORDER BY a.id LIMIT 1
            """) else { return nil }
        let owner = (row["code"] as String?).map { " of \($0)" } ?? ""
        return "account \(row["id"] as Int64) (\(row["kind"] as String)\(owner)): balance \(Money(fen: row["balance_fen"])) "
            + "but its postings sum to \(Money(fen: row["summed"]))"
    }

    /// Delivered (or refunded after delivery) since the ledger started, and no charge.
    static func uncharged(_ db: Database) throws -> String? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT o.id, o.order_no, o.status, o.delivered_at FROM orders o
            WHERE o.delivered_at >= (SELECT started_at FROM ledger_meta WHERE id = 1) AND o.status IN ('delivered', 'refunded')
              AND NOT EXISTS (SELECT 1 FROM ledger_entries e WHERE e.order_id = o.id AND e.kind = 'charge')
            ORDER BY o.id LIMIT 1
            """) else { return nil }
        return "order \(row["order_no"] as String) (id \(row["id"] as Int64), \(row["status"] as String)) was delivered at "
            + "\(row["delivered_at"] as String) UTC, after the ledger started, and has no charge entry"
    }

    /// A charge on an order that was never delivered.
    static func chargedNotDelivered(_ db: Database) throws -> String? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT e.id AS entry_id, o.id, o.order_no, o.status FROM ledger_entries e JOIN orders o ON o.id = e.order_id
            WHERE e.kind = 'charge' AND (o.delivered_at IS NULL OR o.status NOT IN ('delivered', 'refunded'))
            ORDER BY e.id LIMIT 1
            """) else { return nil }
        return "entry \(row["entry_id"] as Int64): a charge on order \(row["order_no"] as String) (id \(row["id"] as Int64)), "
            + "which is \(row["status"] as String) and was never delivered"
    }

    /// A refunded order with a charge and no refund entry; a refund entry with no charge or on an order
    /// not refunded; a refund that is not exactly its charge and override reversed (or touches the cost).
    static func badRefund(_ db: Database) throws -> String? {
        if let row = try Row.fetchOne(db, sql: """
            SELECT e.id AS entry_id, o.id, o.order_no FROM ledger_entries e JOIN orders o ON o.id = e.order_id
            WHERE e.kind = 'charge' AND o.status = 'refunded'
              AND NOT EXISTS (SELECT 1 FROM ledger_entries r WHERE r.order_id = o.id AND r.kind = 'refund')
            ORDER BY e.id LIMIT 1
            """) {
            return "order \(row["order_no"] as String) (id \(row["id"] as Int64)) is refunded but its charge (entry \(row["entry_id"] as Int64)) was never reversed"
        }
        if let row = try Row.fetchOne(db, sql: """
            SELECT r.id AS entry_id, o.id, o.order_no, o.status,
                   EXISTS (SELECT 1 FROM ledger_entries c WHERE c.order_id = o.id AND c.kind = 'charge') AS charged
            FROM ledger_entries r JOIN orders o ON o.id = r.order_id
            WHERE r.kind = 'refund' AND (o.status <> 'refunded' OR NOT charged)
            ORDER BY r.id LIMIT 1
            """) {
            let why = (row["charged"] as Bool) ? "the order is \(row["status"] as String), not refunded" : "the order was never charged"
            return "entry \(row["entry_id"] as Int64): a refund of order \(row["order_no"] as String) (id \(row["id"] as Int64)), but \(why)"
        }
        // Per refunded order and account, the charge and the refund net to zero except on the cost
        // accounts, which the refund must not touch. One pass over the postings (CROSS JOIN keeps them
        // the outer loop: they have no index by entry).
        guard let row = try Row.fetchOne(db, sql: """
            SELECT e.order_id, o.order_no, a.id AS account_id, a.kind, sum(p.amount_fen) AS net,
                   sum(e.kind = 'refund' AND a.kind IN ('cost_of_goods', 'inventory')) AS touches_cost
            FROM ledger_postings p
            CROSS JOIN ledger_entries e ON e.id = p.entry_id
            JOIN ledger_accounts a ON a.id = p.account_id
            JOIN orders o ON o.id = e.order_id
            WHERE e.order_id IN (SELECT order_id FROM ledger_entries WHERE kind = 'refund')
            GROUP BY e.order_id, a.id
            HAVING touches_cost > 0 OR (a.kind NOT IN ('cost_of_goods', 'inventory') AND net <> 0)
            ORDER BY e.order_id, a.id LIMIT 1
            """) else { return nil }
        let account = "account \(row["account_id"] as Int64) (\(row["kind"] as String))"
        if (row["touches_cost"] as Int64) > 0 {
            return "order \(row["order_no"] as String) (id \(row["order_id"] as Int64)): its refund posts to \(account); the keys' cost must stay"
        }
        return "order \(row["order_no"] as String) (id \(row["order_id"] as Int64)): its refund does not reverse its charge on \(account) "
            + "(they net to \(Money(fen: row["net"])))"
    }
}
