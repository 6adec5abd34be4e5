import Foundation
import KamengDomain
import KamengStorage

// MARK: LedgerOperations: reading (balances, statements, verification, reconciliation, reports)
extension SQLiteEngine {
    public func balances(substation code: String?) async throws(StoreError) -> [SubstationBalance] {
        throw StoreError.notFound(.other("ledger balances (being built)"))
    }

    public func statement(substation code: String, days: BusinessDays) async throws(StoreError) -> LedgerStatement {
        throw StoreError.notFound(.other("ledger statement (being built)"))
    }

    public func settlements(substation code: String?) async throws(StoreError) -> [Settlement] {
        throw StoreError.notFound(.other("ledger settlements (being built)"))
    }

    public func verifyLedger() async throws(StoreError) -> LedgerVerification {
        throw StoreError.notFound(.other("ledger verify (being built)"))
    }

    public func reconcile(days: BusinessDays, staleAfter: TimeInterval, now: Date) async throws(StoreError) -> ReconciliationReport {
        throw StoreError.notFound(.other("reconciliation (being built)"))
    }

    public func moneyReport(days: BusinessDays, coverDays: Int) async throws(StoreError) -> MoneyReport {
        throw StoreError.notFound(.other("money report (being built)"))
    }
}
