import Foundation
import KamengDomain
import KamengStorage

// MARK: LedgerOperations: reading (balances, statements, verification, reconciliation, reports)
extension SQLiteEngine {
    public func balances(substation code: String?) async throws(StoreError) -> [SubstationBalance] {
        try await run { store in try store.balances(substation: code) }
    }

    public func statement(substation code: String, days: BusinessDays) async throws(StoreError) -> LedgerStatement {
        try await run { store in try store.statement(substation: code, days: days) }
    }

    public func settlements(substation code: String?) async throws(StoreError) -> [Settlement] {
        try await run { store in try store.settlements(substation: code) }
    }

    public func verifyLedger() async throws(StoreError) -> LedgerVerification {
        try await run { store in try store.verifyLedger() }
    }

    public func reconcile(days: BusinessDays, staleAfter: TimeInterval, now: Date) async throws(StoreError) -> ReconciliationReport {
        try await run { store in try store.reconcile(days: days, staleAfter: staleAfter, now: now) }
    }

    public func moneyReport(days: BusinessDays, coverDays: Int) async throws(StoreError) -> MoneyReport {
        try await run { store in try store.moneyReport(days: days, coverDays: coverDays) }
    }
}
