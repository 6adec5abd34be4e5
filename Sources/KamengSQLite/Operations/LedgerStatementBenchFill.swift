import Foundation
import GRDB
import KamengDomain
import KamengStorage

extension SQLiteStore {
    /// For `kameng-bench statement` only: books a charge entry (prepaid, revenue, cost, inventory) for
    /// each of `orderIds`, spread evenly over `days`, for substation `code`, in one transaction, with
    /// the running balances moved to match. Rows go in straight, not through the booking path, so the
    /// benchmark measures the statement, not the setup. Returns the number of postings written.
    @_spi(Benchmark) public func benchBookCharges(substation code: String, orderIds: [Int64], charge: OrderCharge,
                                                  over days: BusinessDays) throws -> Int {
        try dbWrite { db in
            guard let station = try Int64.fetchOne(db, sql: "SELECT id FROM substations WHERE code = ?", arguments: [code]) else {
                throw StoreError.notFound(.substation(code: code))
            }
            func account(_ kind: LedgerAccountKind, _ owner: Int64?) throws -> Int64 {
                if let id = try Int64.fetchOne(db, sql: "SELECT id FROM ledger_accounts WHERE kind = ? AND substation_id IS ?", arguments: [kind.rawValue, owner]) {
                    return id
                }
                try db.execute(sql: "INSERT INTO ledger_accounts (kind, substation_id) VALUES (?, ?)", arguments: [kind.rawValue, owner])
                return db.lastInsertedRowID
            }
            let legs = charge.chargePostings(substation: code, parent: nil)
            let accounts = try legs.map { try account($0.account, $0.substationCode == nil ? nil : station) }
            let insertEntry = try db.makeStatement(sql: """
                INSERT INTO ledger_entries (at, kind, substation_id, order_id, actor) VALUES (?, 'charge', ?, ?, 'bench')
                """)
            let insertPosting = try db.makeStatement(sql: "INSERT INTO ledger_postings (account_id, entry_id, amount_fen) VALUES (?, ?, ?)")
            let span = days.end.timeIntervalSince(days.start)
            for (i, order) in orderIds.enumerated() {
                let at = days.start.addingTimeInterval(span * Double(i) / Double(max(orderIds.count, 1)))
                try insertEntry.execute(arguments: [StoreTime.string(at), station, order])
                let entry = db.lastInsertedRowID
                for (leg, accountId) in zip(legs, accounts) {
                    try insertPosting.execute(arguments: [accountId, entry, leg.amount.fen])
                }
            }
            for (leg, accountId) in zip(legs, accounts) {
                try db.execute(sql: "UPDATE ledger_accounts SET balance_fen = balance_fen + ? WHERE id = ?",
                               arguments: [leg.amount.fen * Int64(orderIds.count), accountId])
            }
            return orderIds.count * legs.count
        }
    }
}
