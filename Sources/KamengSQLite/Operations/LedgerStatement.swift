import Foundation
import GRDB
import GRDBSQLite
import KamengDomain
import KamengStorage

extension SQLiteStore {
    /// A substation's prepaid and commission-payable accounts over `days`: the entries whose time is in
    /// days.start..<days.end, in entry order. The opening is worked back from the running balance (the
    /// balance less every posting from days.start on), so it never sums the account's whole history.
    func statement(substation code: String, days: BusinessDays) throws -> LedgerStatement {
        guard days.from <= days.to else { throw StoreError.invalidField(field: "to", rule: "on or after from (\(days.from))") }
        return try pool.read { db in
            guard let station = try Row.fetchOne(db, sql: "SELECT id, code, name FROM substations WHERE code = ?", arguments: [code]) else {
                throw StoreError.notFound(.substation(code: code))
            }
            let start = StoreTime.string(days.start), end = StoreTime.string(days.end)
            // Entry ids grow with time but a caller-given time may be a little out of order, so the first id
            // is the smallest of those at or after the start, not a guess from the first one found.
            let firstId = try Int64.fetchOne(db, sql: "SELECT min(id) FROM ledger_entries WHERE at >= ?", arguments: [start])
            func account(_ kind: LedgerAccountKind) throws -> AccountStatement {
                guard let row = try Row.fetchOne(db, sql: "SELECT id, balance_fen FROM ledger_accounts WHERE substation_id = ? AND kind = ?",
                                                 arguments: [station["id"] as Int64, kind.rawValue]) else {
                    return AccountStatement(account: kind, opening: .zero, lines: [], closing: .zero)
                }
                guard let firstId else {
                    let balance = Money(fen: row["balance_fen"])
                    return AccountStatement(account: kind, opening: balance, lines: [], closing: balance)
                }
                return try Self.accountStatement(db, kind: kind, accountId: row["id"], balance: row["balance_fen"],
                                                 firstId: firstId, start: start, end: end)
            }
            return LedgerStatement(code: station["code"], name: station["name"], days: days,
                                   prepaid: try account(.prepaid), commissionPayable: try account(.commissionPayable))
        }
    }

    private static func accountStatement(_ db: Database, kind: LedgerAccountKind, accountId: Int64, balance: Int64,
                                         firstId: Int64, start: String, end: String) throws -> AccountStatement {
        let since = try Int64.fetchOne(db, sql: """
            SELECT coalesce(sum(p.amount_fen), 0) FROM ledger_postings p JOIN ledger_entries e ON e.id = p.entry_id
            WHERE p.account_id = ? AND p.entry_id >= ? AND e.at >= ?
            """, arguments: [accountId, firstId, start]) ?? 0
        let opening = balance - since
        var running = opening
        var lines: [StatementLine] = []
        // A month of a busy substation is hundreds of thousands of lines: stepped through SQLite's C API
        // (RawStatement.swift), the time as integer milliseconds (`orders.created_ms`'s formula), no Row per line.
        let statement = try db.makeStatement(sql: """
            SELECT p.entry_id, p.amount_fen, e.kind, \(Schema.createdMillis("e.at")) AS at_ms, e.reference, o.order_no
            FROM ledger_postings p
            JOIN ledger_entries e ON e.id = p.entry_id
            LEFT JOIN orders o ON o.id = e.order_id
            WHERE p.account_id = ? AND p.entry_id >= ? AND e.at >= ? AND e.at < ?
            ORDER BY p.entry_id
            """)
        try statement.setArguments([accountId, firstId, start, end])
        let kinds = Dictionary(uniqueKeysWithValues: LedgerEntryKind.allCases.map { ($0.rawValue, $0) })
        func text(_ s: OpaquePointer, _ column: Int32) -> String? {
            guard sqlite3_column_type(s, column) != SQLITE_NULL, let bytes = sqlite3_column_text(s, column) else { return nil }
            return String(cString: bytes)
        }
        try statement.stepRows(db) { s in
            let entryId = sqlite3_column_int64(s, 0), amount = sqlite3_column_int64(s, 1)
            running += amount
            let kindText = text(s, 2) ?? ""
            guard let entryKind = kinds[kindText] else {
                throw StoreError.corruptRow(table: "ledger_entries", id: entryId, column: "kind", value: kindText)
            }
            let millis = sqlite3_column_int64(s, 3)
            lines.append(StatementLine(entryId: entryId, at: Date(timeIntervalSince1970: Double(millis) / 1000), kind: entryKind,
                                       orderNo: text(s, 5), reference: text(s, 4), amount: Money(fen: amount), balanceAfter: Money(fen: running)))
        }
        return AccountStatement(account: kind, opening: Money(fen: opening), lines: lines, closing: Money(fen: running))
    }
}
