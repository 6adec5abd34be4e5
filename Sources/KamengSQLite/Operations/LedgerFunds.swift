import Foundation
import GRDB
import KamengDomain
import KamengStorage

/// Whether deliveries post charges: always, except for the benchmark's run without the ledger, which
/// measures what the ledger costs (`kameng-bench ingest`).
final class LedgerSwitch: @unchecked Sendable {
    private let lock = NSLock()
    private var on = true
    var isOn: Bool {
        get { lock.withLock { on } }
        set { lock.withLock { on = newValue } }
    }
}

extension SQLiteStore {
    /// Off only in the benchmark: deliveries then neither check funds nor post charges.
    package var postsLedger: Bool {
        get { ledgerSwitch.isOn }
        set { ledgerSwitch.isOn = newValue }
    }

    /// The account's id, inserted when missing.
    static func ledgerAccount(_ db: Database, _ kind: LedgerAccountKind, substationId: Int64?) throws -> Int64 {
        let found = try Int64.fetchOne(db.cachedStatement(sql: """
            SELECT id FROM ledger_accounts WHERE kind = ? AND substation_id IS ?
            """), arguments: [kind.rawValue, substationId])
        if let found { return found }
        try db.cachedStatement(sql: "INSERT INTO ledger_accounts (kind, substation_id) VALUES (?, ?)").execute(arguments: [kind.rawValue, substationId])
        return db.lastInsertedRowID
    }

    /// A new substation's two accounts (prepaid, commission payable).
    static func openLedgerAccounts(_ db: Database, substationId: Int64) throws {
        _ = try ledgerAccount(db, .prepaid, substationId: substationId)
        _ = try ledgerAccount(db, .commissionPayable, substationId: substationId)
    }

    /// The ledger primitive: one entry with its postings (summing to zero) inside the caller's
    /// transaction, the accounts' running balances moved, and for a charge or refund the day's figures
    /// (`ledger_daily`) of (substation, `daily.productId`). Accounts are opened when missing. Returns
    /// the entry's id. The unique indexes refuse a second charge or refund of one order, a top-up
    /// reference used twice and a period settled twice (a `DatabaseError` the caller turns into its error).
    @discardableResult
    func postEntry(_ db: Database, kind: LedgerEntryKind, substationId: Int64, orderId: Int64? = nil, reference: String? = nil,
                           actor: String, postings: [LedgerPosting], at now: Date,
                           daily: (productId: Int64, figures: LedgerBook.DailyFigures)? = nil) throws -> Int64 {
        let book = try LedgerBook(db)
        let id = try book.post(db, kind: kind, substationId: substationId, orderId: orderId, reference: reference, actor: actor,
                               postings: postings, at: now, time: StoreTime.string(now), daily: daily.map { ($0.productId, $0.figures) })
        try book.flush(db)
        return id
    }

    /// A substation's money now, inside the caller's transaction (B's `balances()` reads the same columns).
    func substationBalance(_ db: Database, substationId: Int64) throws -> SubstationBalance {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT s.code, s.name, s.credit_limit_fen, s.funds_required,
                   (SELECT balance_fen FROM ledger_accounts WHERE substation_id = s.id AND kind = 'prepaid'),
                   (SELECT balance_fen FROM ledger_accounts WHERE substation_id = s.id AND kind = 'commission_payable'),
                   (SELECT count(*) FROM orders WHERE substation_id = s.id AND status = 'awaiting_funds')
            FROM substations s WHERE s.id = ?
            """, arguments: [substationId]) else { throw StoreError.notFound(.other("substation #\(substationId)")) }
        let balance: Int64? = row[4], payable: Int64? = row[5], credit: Int64 = row[2]
        return SubstationBalance(code: row[0], name: row[1], balance: Money(fen: balance ?? 0), creditLimit: Money(fen: credit),
                                 fundsRequired: row[3], commissionPayable: Money(fen: payable ?? 0), awaitingFunds: row[6])
    }

    /// The substation's id by code, or `.notFound`.
    static func substationId(_ db: Database, code: String) throws -> Int64 {
        guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM substations WHERE code = ?", arguments: [code]) else {
            throw StoreError.notFound(.substation(code: code))
        }
        return id
    }

    /// Books a top-up without a person's checks: the public `topUp` checks `manageFunds` and the step-up
    /// code first; the demo seeder and the benchmark call this directly. Audited as `ledger.topup`.
    package func topUp(substation code: String, amount: Money, reference: String, actor: String, now: Date = Date()) throws -> FundsChange {
        try requireWritable(Permission.manageFunds.rawValue)
        guard amount.fen > 0 else { throw StoreError.invalidField(field: "amount", rule: "must be more than ¥0.00") }
        let reference = reference.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...128).contains(reference.utf8.count) else { throw StoreError.invalidField(field: "reference", rule: "1–128 bytes") }
        return try dbWrite { db in
            let substationId = try Self.substationId(db, code: code)
            do {
                try postEntry(db, kind: .topUp, substationId: substationId, reference: reference, actor: actor,
                              postings: [LedgerPosting(account: .prepaid, substationCode: code, amount: amount),
                                         LedgerPosting(account: .topUpsReceived, amount: Money(fen: -amount.fen))], at: now)
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
                throw StoreError.duplicate(.topUpReference(substation: code, reference: reference))
            }
            try appendAudit(db, actor: actor, action: "ledger.topup", target: "substation:\(code)", detail: "\(amount) ref \(reference)", at: now)
            return try fundsChanged(db, substationId: substationId, actor: actor, now: now)
        }
    }

    /// After money came in or the rules loosened: delivers the substation's `awaiting_funds` orders
    /// through the one delivery path, in this transaction, and returns its money after. FIFO: oldest
    /// paid first (paid_at, then id), stopping at the first order the funds do not cover, so a large
    /// old order is never overtaken by small new ones. An order short of keys moves on to
    /// `awaiting_stock` (its charge comes when stock does) and the next one is tried.
    func fundsChanged(_ db: Database, substationId: Int64, actor: String, now: Date) throws -> FundsChange {
        let waiting = try Row.fetchAll(db, sql: """
            SELECT id, order_no FROM orders WHERE substation_id = ? AND status = 'awaiting_funds' ORDER BY paid_at, id
            """, arguments: [substationId])
        var delivered: [String] = [], awaitingStock: [String] = []
        if !waiting.isEmpty {
            let statements = try DeliveryStatements(db, now: now, ledger: postsLedger)
            release: for row in waiting {
                let orderId: Int64 = row[0], orderNo: String = row[1]
                switch try deliver(db, orderId: orderId, actor: actor, statements: statements, recordGrouped: nil) {
                case .delivered: delivered.append(orderNo)
                case .awaitingStock: awaitingStock.append(orderNo)
                case .awaitingFunds: break release
                case .alreadyDelivered, .notDeliverable: continue
                }
            }
            try statements.writeCounts(db)
        }
        return FundsChange(balance: try substationBalance(db, substationId: substationId), delivered: delivered, awaitingStock: awaitingStock)
    }
}
