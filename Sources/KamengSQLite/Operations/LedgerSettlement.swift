import Foundation
import GRDB
import KamengDomain
import KamengStorage

extension SQLiteStore {
    /// A person's top-up: `manageFunds` and a fresh step-up code, then `topUp(…actor:)`.
    func topUp(substation code: String, amount: Money, reference: String, by actor: Staff, stepUp stepUpCode: String?,
               now: Date = Date()) throws -> FundsChange {
        try require(actor, .manageFunds)
        try stepUp(actor, code: stepUpCode, for: .manageFunds, now: now)
        return try topUp(substation: code, amount: amount, reference: reference, actor: actor.userName, now: now)
    }

    /// Sets how far below zero the balance may go; a raise may release waiting orders. Refused below the
    /// credit already used. Audited as `ledger.credit-limit`.
    func setCreditLimit(substation code: String, to limit: Money, by actor: Staff, stepUp stepUpCode: String?,
                        now: Date = Date()) throws -> FundsChange {
        try require(actor, .manageFunds)
        guard limit.fen >= 0 else { throw StoreError.invalidField(field: "credit limit", rule: "must not be negative") }
        try stepUp(actor, code: stepUpCode, for: .manageFunds, now: now)
        return try setCreditLimit(substation: code, to: limit, actor: actor.userName, now: now)
    }

    /// The credit limit without a person's checks (the property test's workers, the demo seeder).
    package func setCreditLimit(substation code: String, to limit: Money, actor: String, now: Date = Date()) throws -> FundsChange {
        try requireWritable(Permission.manageFunds.rawValue)
        guard limit.fen >= 0 else { throw StoreError.invalidField(field: "credit limit", rule: "must not be negative") }
        return try dbWrite { db in
            let id = try Self.substationId(db, code: code)
            let before = try Int64.fetchOne(db, sql: "SELECT credit_limit_fen FROM substations WHERE id = ?", arguments: [id]) ?? 0
            // A limit below what is already used would leave the balance under minus its limit, which
            // the funds rule promises never happens: pay first, then lower it.
            let balance = try substationBalance(db, substationId: id)
            if balance.fundsRequired, balance.balance.fen < -limit.fen {
                throw StoreError.wrongState(.substation(code: code), state: "balance \(balance.balance)", action: "given a credit limit of \(limit)")
            }
            try db.execute(sql: "UPDATE substations SET credit_limit_fen = ? WHERE id = ?", arguments: [limit.fen, id])
            try appendAudit(db, actor: actor, action: "ledger.credit-limit", target: "substation:\(code)",
                            detail: "\(Money(fen: before)) → \(limit)", at: now)
            return try fundsChanged(db, substationId: id, actor: actor, now: now)
        }
    }

    /// Turns "delivery needs funds" on or off; off releases every waiting order. Audited as `ledger.require-funds`.
    func setFundsRequired(substation code: String, _ required: Bool, by actor: Staff, stepUp stepUpCode: String?,
                          now: Date = Date()) throws -> FundsChange {
        try require(actor, .manageFunds)
        try stepUp(actor, code: stepUpCode, for: .manageFunds, now: now)
        return try dbWrite { db in
            let id = try Self.substationId(db, code: code)
            try db.execute(sql: "UPDATE substations SET funds_required = ? WHERE id = ?", arguments: [required, id])
            try appendAudit(db, actor: actor.userName, action: "ledger.require-funds", target: "substation:\(code)",
                            detail: required ? "on" : "off", at: now)
            return try fundsChanged(db, substationId: id, actor: actor.userName, now: now)
        }
    }

    /// Pays out the commission payable the substation earned in `period`: the sum of its commission
    /// payable postings in entries dated in the period (UTC+8), overrides less their refunds, as one
    /// entry out of commission payable into commission paid. Refused while the period's last day has
    /// not ended at `now`, twice for one period (the unique index on the reference), and when there is
    /// nothing to settle (an entry of ¥0.00 would record nothing; `.wrongState`). Audited as `ledger.settle`.
    func settle(substation code: String, period: SettlementPeriod, by actor: Staff, now: Date = Date()) throws -> Settlement {
        try require(actor, .settleCommission)
        let days = period.days
        guard now >= days.end else {
            throw StoreError.wrongState(.settlement(substation: code, period: period.description), state: "open until \(days.to)", action: "settled")
        }
        return try dbWrite { db in
            let id = try Self.substationId(db, code: code)
            let account = try Self.ledgerAccount(db, .commissionPayable, substationId: id)
            let amount = try Int64.fetchOne(db, sql: """
                SELECT coalesce(sum(p.amount_fen), 0) FROM ledger_postings p JOIN ledger_entries e ON e.id = p.entry_id
                WHERE p.account_id = ? AND e.kind IN ('charge', 'refund') AND e.at >= ? AND e.at < ?
                """, arguments: [account, StoreTime.string(days.start), StoreTime.string(days.end)]) ?? 0
            let subject = StoreError.Subject.settlement(substation: code, period: period.description)
            if try Bool.fetchOne(db, sql: """
                SELECT 1 FROM ledger_entries WHERE substation_id = ? AND kind = 'settlement' AND reference = ?
                """, arguments: [id, period.description]) == true {
                throw StoreError.duplicate(subject)
            }
            guard amount > 0 else { throw StoreError.wrongState(subject, state: "nothing to settle (\(Money(fen: amount)))", action: "settled") }
            let entryId: Int64
            do {
                entryId = try postEntry(db, kind: .settlement, substationId: id, reference: period.description, actor: actor.userName,
                                        postings: [LedgerPosting(account: .commissionPayable, substationCode: code, amount: Money(fen: -amount)),
                                                   LedgerPosting(account: .commissionPaid, amount: Money(fen: amount))], at: now)
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
                throw StoreError.duplicate(subject)
            }
            try appendAudit(db, actor: actor.userName, action: "ledger.settle", target: "substation:\(code)",
                            detail: "\(period) \(Money(fen: amount))", at: now)
            return Settlement(code: code, period: period, amount: Money(fen: amount), entryId: entryId, at: now, actor: actor.userName)
        }
    }
}
