import Foundation
import GRDB
import KamengDomain
import KamengStorage

extension SQLiteStore {
    /// Every substation's money (one's when `code` is given), by code. A substation opened after the
    /// ledger without accounts yet reads as zero. Reads `ledger_accounts`' running balances, never postings.
    func balances(substation code: String?) throws -> [SubstationBalance] {
        try pool.read { db in
            let found = try Self.balances(db, code: code)
            if let code, found.isEmpty { throw StoreError.notFound(.substation(code: code)) }
            return found
        }
    }

    static func balances(_ db: Database, code: String?) throws -> [SubstationBalance] {
        var waiting: [Int64: Int] = [:]
        // One pass over the status index instead of a count per substation.
        for row in try Row.fetchAll(db, sql: """
            SELECT substation_id, count(*) AS n FROM orders WHERE status = 'awaiting_funds' GROUP BY substation_id
            """) { waiting[row["substation_id"]] = row["n"] }
        let rows = try Row.fetchAll(db, sql: """
            SELECT s.id, s.code, s.name, s.funds_required, s.credit_limit_fen,
                   coalesce(p.balance_fen, 0) AS prepaid_fen, coalesce(c.balance_fen, 0) AS commission_fen
            FROM substations s
            LEFT JOIN ledger_accounts p ON p.substation_id = s.id AND p.kind = 'prepaid'
            LEFT JOIN ledger_accounts c ON c.substation_id = s.id AND c.kind = 'commission_payable'
            WHERE ?1 IS NULL OR s.code = ?1
            ORDER BY s.code
            """, arguments: [code])
        return rows.map { row in
            SubstationBalance(code: row["code"], name: row["name"], balance: Money(fen: row["prepaid_fen"]),
                              creditLimit: Money(fen: row["credit_limit_fen"]), fundsRequired: row["funds_required"] as Int64 == 1,
                              commissionPayable: Money(fen: row["commission_fen"]), awaitingFunds: waiting[row["id"]] ?? 0)
        }
    }

    /// Settlements made, newest first. Walks the `commission_paid` account's postings (one per
    /// settlement, by the primary key) rather than scanning every entry for its kind.
    func settlements(substation code: String?) throws -> [Settlement] {
        try pool.read { db in
            if let code, try Int64.fetchOne(db, sql: "SELECT id FROM substations WHERE code = ?", arguments: [code]) == nil {
                throw StoreError.notFound(.substation(code: code))
            }
            let rows = try Row.fetchAll(db, sql: """
                SELECT e.id, e.at, e.reference, e.actor, s.code, p.amount_fen
                FROM ledger_accounts a
                JOIN ledger_postings p ON p.account_id = a.id
                JOIN ledger_entries e ON e.id = p.entry_id
                JOIN substations s ON s.id = e.substation_id
                WHERE a.kind = 'commission_paid' AND a.substation_id IS NULL AND e.kind = 'settlement' AND (?1 IS NULL OR s.code = ?1)
                ORDER BY e.id DESC
                """, arguments: [code])
            return try rows.map { row in
                let reference: String = row["reference"]
                guard let period = SettlementPeriod(reference) else {
                    throw StoreError.corruptRow(table: "ledger_entries", id: row["id"], column: "reference", value: reference)
                }
                return Settlement(code: row["code"], period: period, amount: Money(fen: row["amount_fen"]), entryId: row["id"],
                                  at: row["at"], actor: row["actor"])
            }
        }
    }
}
