import Foundation
import KamengDomain
import KamengStorage

// MARK: LedgerOperations: booking (top-ups, credit limits, the funds switch, settlement)
extension SQLiteEngine {
    public func topUp(substation code: String, amount: Money, reference: String, by actor: Staff,
                      stepUp stepUpCode: String?) async throws(StoreError) -> FundsChange {
        try await run { store in try store.topUp(substation: code, amount: amount, reference: reference, by: actor, stepUp: stepUpCode) }
    }

    public func setCreditLimit(substation code: String, to limit: Money, by actor: Staff,
                               stepUp stepUpCode: String?) async throws(StoreError) -> FundsChange {
        try await run { store in try store.setCreditLimit(substation: code, to: limit, by: actor, stepUp: stepUpCode) }
    }

    public func setFundsRequired(substation code: String, _ required: Bool, by actor: Staff,
                                 stepUp stepUpCode: String?) async throws(StoreError) -> FundsChange {
        try await run { store in try store.setFundsRequired(substation: code, required, by: actor, stepUp: stepUpCode) }
    }

    public func settle(substation code: String, period: SettlementPeriod, by actor: Staff, now: Date) async throws(StoreError) -> Settlement {
        try await run { store in try store.settle(substation: code, period: period, by: actor, now: now) }
    }
}
