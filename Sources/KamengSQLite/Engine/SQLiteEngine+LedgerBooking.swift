import Foundation
import KamengDomain
import KamengStorage

// MARK: LedgerOperations: booking (top-ups, credit limits, the funds switch, settlement)
extension SQLiteEngine {
    public func topUp(substation code: String, amount: Money, reference: String, by actor: Staff,
                      stepUp stepUpCode: String?) async throws(StoreError) -> FundsChange {
        throw StoreError.notFound(.other("ledger top-up (being built)"))
    }

    public func setCreditLimit(substation code: String, to limit: Money, by actor: Staff,
                               stepUp stepUpCode: String?) async throws(StoreError) -> FundsChange {
        throw StoreError.notFound(.other("ledger credit limit (being built)"))
    }

    public func setFundsRequired(substation code: String, _ required: Bool, by actor: Staff,
                                 stepUp stepUpCode: String?) async throws(StoreError) -> FundsChange {
        throw StoreError.notFound(.other("ledger funds switch (being built)"))
    }

    public func settle(substation code: String, period: SettlementPeriod, by actor: Staff, now: Date) async throws(StoreError) -> Settlement {
        throw StoreError.notFound(.other("ledger settlement (being built)"))
    }
}
