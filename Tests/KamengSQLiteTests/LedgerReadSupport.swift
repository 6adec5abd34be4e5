import Foundation
import GRDB
import KamengDomain
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage

/// Ledger rows written the way the booking writes them (entry, postings, running balances, the daily
/// figures), straight through the store's database: the read side's tests plant exactly the books
/// they need, including broken ones, whatever the booking paths do.
extension TestStore {
    /// The id of the substation's (or the platform's) account of `kind`, created when missing.
    func accountId(_ kind: LedgerAccountKind, _ code: String?) throws -> Int64 {
        try store.pool.write { db in try Self.accountId(db, kind, code) }
    }

    static func accountId(_ db: Database, _ kind: LedgerAccountKind, _ code: String?) throws -> Int64 {
        let station = try code.map { try Int64.fetchOne(db, sql: "SELECT id FROM substations WHERE code = ?", arguments: [$0])! }
        if let id = try Int64.fetchOne(db, sql: "SELECT id FROM ledger_accounts WHERE kind = ? AND substation_id IS ?", arguments: [kind.rawValue, station]) {
            return id
        }
        try db.execute(sql: "INSERT INTO ledger_accounts (kind, substation_id) VALUES (?, ?)", arguments: [kind.rawValue, station])
        return db.lastInsertedRowID
    }

    /// Writes one entry with its postings and moves the running balances. Returns the entry id.
    @discardableResult
    func plantEntry(_ kind: LedgerEntryKind, station code: String, orderId: Int64? = nil, reference: String? = nil, at: Date,
                    postings: [LedgerPosting], updateBalances: Bool = true) throws -> Int64 {
        try store.pool.write { db in
            let station = try Int64.fetchOne(db, sql: "SELECT id FROM substations WHERE code = ?", arguments: [code])!
            try db.execute(sql: "INSERT INTO ledger_entries (at, kind, substation_id, order_id, reference, actor) VALUES (?, ?, ?, ?, ?, 'test')",
                           arguments: [StoreTime.string(at), kind.rawValue, station, orderId, reference])
            let entry = db.lastInsertedRowID
            for posting in postings {
                let account = try Self.accountId(db, posting.account, posting.substationCode)
                try db.execute(sql: "INSERT INTO ledger_postings (account_id, entry_id, amount_fen) VALUES (?, ?, ?)",
                               arguments: [account, entry, posting.amount.fen])
                if updateBalances {
                    try db.execute(sql: "UPDATE ledger_accounts SET balance_fen = balance_fen + ? WHERE id = ?", arguments: [posting.amount.fen, account])
                }
            }
            return entry
        }
    }

    @discardableResult
    func plantTopUp(_ code: String, _ fen: Int64, reference: String, at: Date) throws -> Int64 {
        try plantEntry(.topUp, station: code, reference: reference, at: at, postings: [
            LedgerPosting(account: .prepaid, substationCode: code, amount: Money(fen: fen)),
            LedgerPosting(account: .topUpsReceived, amount: Money(fen: -fen)),
        ])
    }

    @discardableResult
    func plantSettlement(_ code: String, _ fen: Int64, period: String, at: Date) throws -> Int64 {
        try plantEntry(.settlement, station: code, reference: period, at: at, postings: [
            LedgerPosting(account: .commissionPayable, substationCode: code, amount: Money(fen: -fen)),
            LedgerPosting(account: .commissionPaid, amount: Money(fen: fen)),
        ])
    }

    /// An order created, paid and delivered at `at` by plain SQL (no booking path runs), for the books to charge.
    func deliveredOrder(_ no: String, product: Product, station: Substation, quantity: Int = 1, at: Date,
                        paid: Money? = nil, status: OrderStatus = .delivered) throws -> Int64 {
        var draft = self.order(no, product: product, station: station, quantity: quantity)
        draft.createdAt = at
        let id = try store.createOrder(draft, now: at)
        let time = StoreTime.string(at), amount = paid ?? draft.amount
        try store.pool.write { db in
            try db.execute(sql: "UPDATE orders SET status = 'paid', paid_fen = ?, paid_at = ?, payment_txn = ? WHERE id = ?",
                           arguments: [amount.fen, time, "txn-\(no)", id])
            guard status != .paid else { return }
            if status == .delivered || status == .refunded {
                try db.execute(sql: "UPDATE orders SET status = 'delivered', delivered_at = ? WHERE id = ?", arguments: [time, id])
            }
            if status != .delivered {
                try db.execute(sql: "UPDATE orders SET status = ? WHERE id = ?", arguments: [status.rawValue, id])
            }
        }
        return id
    }

    /// The charge entry of a delivered order and its daily figures, as the price model computes them.
    @discardableResult
    func plantCharge(orderId: Int64, _ charge: OrderCharge, station: String, parent: String?, product: Product, quantity: Int = 1,
                     at: Date) throws -> Int64 {
        let entry = try plantEntry(.charge, station: station, orderId: orderId, at: at, postings: charge.chargePostings(substation: station, parent: parent))
        try addDaily(station: station, product: product, at: at, """
            orders = orders + 1, units = units + \(quantity), gross_fen = gross_fen + \(charge.gross.fen), charge_fen = charge_fen + \(charge.charge.fen),
            override_fen = override_fen + \(charge.override.fen), cost_fen = cost_fen + \(charge.cost.fen)
            """)
        return entry
    }

    /// The refund entry reversing a planted charge, and its daily figures.
    @discardableResult
    func plantRefund(orderId: Int64, _ charge: OrderCharge, station: String, parent: String?, product: Product, at: Date) throws -> Int64 {
        let entry = try plantEntry(.refund, station: station, orderId: orderId, at: at, postings: charge.refundPostings(substation: station, parent: parent))
        try addDaily(station: station, product: product, at: at, """
            refunds = refunds + 1, refund_charge_fen = refund_charge_fen + \(charge.charge.fen), refund_override_fen = refund_override_fen + \(charge.override.fen)
            """)
        return entry
    }

    func addDaily(station code: String, product: Product, at: Date, _ set: String) throws {
        try store.pool.write { db in
            let station = try Int64.fetchOne(db, sql: "SELECT id FROM substations WHERE code = ?", arguments: [code])!
            let day = BusinessDay(containing: at).description
            try db.execute(sql: "INSERT OR IGNORE INTO ledger_daily (day, substation_id, product_id) VALUES (?, ?, ?)", arguments: [day, station, product.id!])
            try db.execute(sql: "UPDATE ledger_daily SET \(set) WHERE day = ? AND substation_id = ? AND product_id = ?", arguments: [day, station, product.id!])
        }
    }

    /// A UTC instant from "2026-11-30 16:00:00" (UTC).
    static func utc(_ text: String) -> Date {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(secondsFromGMT: 0)
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return f.date(from: text)!
    }
}
