import Foundation
import KamengDomain

/// The money (Docs/Money.md): substations' balances as a double-entry ledger, top-ups, credit limits,
/// the funds switch, statements, settlement, verification, reconciliation and the reports. Booking
/// needs `manageFunds` (with a step-up code) or `settleCommission`; reading needs `viewFinance`.
/// Every booking is audited in its own transaction.
public protocol LedgerOperations: Sendable {
    /// Books money received from a substation under `reference` (unique per substation: the same bank
    /// transfer twice is `.duplicate(.topUpReference)`), then, in the same transaction, delivers the
    /// substation's `awaiting_funds` orders oldest paid first while its funds cover them.
    func topUp(substation code: String, amount: Money, reference: String, by actor: Staff,
               stepUp stepUpCode: String?) async throws(StoreError) -> FundsChange
    /// Sets how far below zero the substation's balance may go; a raise releases waiting orders as a top-up does.
    func setCreditLimit(substation code: String, to limit: Money, by actor: Staff,
                        stepUp stepUpCode: String?) async throws(StoreError) -> FundsChange
    /// Turns "delivery needs funds" on or off for the substation; off releases every waiting order.
    func setFundsRequired(substation code: String, _ required: Bool, by actor: Staff,
                          stepUp stepUpCode: String?) async throws(StoreError) -> FundsChange
    /// Every substation's money (one's when `code` is given), by code.
    func balances(substation code: String?) async throws(StoreError) -> [SubstationBalance]
    /// A substation's accounts over `days` (UTC+8, both ends included): opening, every posting, closing.
    func statement(substation code: String, days: BusinessDays) async throws(StoreError) -> LedgerStatement
    /// Pays out the commission payable the substation earned in `period`, as one immutable entry.
    /// Refused for a period not yet over (`.wrongState`) and for a period settled before (`.duplicate(.settlement)`).
    func settle(substation code: String, period: SettlementPeriod, by actor: Staff, now: Date) async throws(StoreError) -> Settlement
    /// Settlements made, newest first (one substation's when `code` is given).
    func settlements(substation code: String?) async throws(StoreError) -> [Settlement]
    /// Checks every fact the ledger must keep (`LedgerVerification`); reads everything.
    func verifyLedger() async throws(StoreError) -> LedgerVerification
    /// Compares payments, deliveries and charges of orders created on `days`, as of `now`.
    func reconcile(days: BusinessDays, staleAfter: TimeInterval, now: Date) async throws(StoreError) -> ReconciliationReport
    /// Revenue, margin and commission over `days`, per day, product and substation, and the balances
    /// that will not last `coverDays` more days at the period's daily charges.
    func moneyReport(days: BusinessDays, coverDays: Int) async throws(StoreError) -> MoneyReport
}
