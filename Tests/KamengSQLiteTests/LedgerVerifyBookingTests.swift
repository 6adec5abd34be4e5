import Foundation
import GRDB
import KamengDomain
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage

/// The read side over books written by the store's own booking paths (top-up, delivery, refund,
/// settlement): verify finds them sound, the statement adds up to the balances, reconciliation
/// finds nothing, and the report and the settlements list say what was booked.
@Suite("Ledger reads over the booking paths")
struct LedgerVerifyBookingTests {
    /// 2026-11-15 12:00 in UTC+8, and the first of December.
    static let november = Date(timeIntervalSince1970: 1_794_715_200)
    static let december = BusinessDay("2026-12-01")!.start.addingTimeInterval(3_600)

    @Test("top-up, three deliveries, a refund and a settlement: verify sound, statement = balances, nothing to reconcile")
    func booked() throws {
        let t = try TestStore()
        let product = try t.addProduct()
        try t.addSubstation(code: "sh-parent", commission: 1_000, fundsRequired: true)
        let child = try t.addSubstation(code: "sh-child", parent: "sh-parent", commission: 500, fundsRequired: true)
        _ = try t.importKeys((0..<5).map { "BOOKED-\($0)-SECRET" })
        let november = Self.november
        _ = try t.store.topUp(substation: "sh-child", amount: Money(fen: 100_000), reference: "BANK-1", actor: "alice", now: november)
        var ids: [Int64] = []
        for n in 0..<3 {
            var order = t.order("B\(n)", product: product, station: child)
            order.createdAt = november
            let id = try t.store.createOrder(order, now: november)
            guard case .delivered = try t.store.payAndDeliver(orderId: id, amount: Money(fen: 9_900), method: .alipay, txn: "TB\(n)", now: november)
            else { Issue.record("B\(n) not delivered"); return }
            ids.append(id)
        }
        try t.store.refund(orderId: ids[1], by: t.admin, stepUp: nil, now: november.addingTimeInterval(60))
        let settlement = try t.store.settle(substation: "sh-parent", period: SettlementPeriod("2026-11")!, by: t.admin, now: Self.december)

        let verified = try t.store.verifyLedger()
        #expect(verified.firstProblem == nil, "\(verified)")
        #expect(verified.entries == 1 + 3 + 1 + 1)

        let month = SettlementPeriod("2026-11")!.days
        let child11 = try t.store.statement(substation: "sh-child", days: month)
        let balances = try t.store.balances(substation: nil)
        #expect(child11.prepaid.opening == .zero && child11.prepaid.closing == balances.first { $0.code == "sh-child" }?.balance)
        #expect(child11.prepaid.total == Money(fen: 100_000 - 2 * 9_405) && child11.prepaid.lines.count == 5)
        let parent = try t.store.statement(substation: "sh-parent", days: BusinessDays(from: month.from, to: BusinessDay("2026-12-31")!))
        #expect(parent.commissionPayable.lines.map(\.kind) == [.charge, .charge, .charge, .refund, .settlement])
        #expect(parent.commissionPayable.closing == .zero && settlement.amount == Money(fen: 2 * 495))
        #expect(try t.store.settlements(substation: nil).map(\.entryId) == [settlement.entryId])

        let day = BusinessDays(from: BusinessDay(containing: november), to: BusinessDay(containing: november))
        let reconciled = try t.store.reconcile(days: day, staleAfter: 1_800, now: Self.december)
        #expect(reconciled.orders == 3 && reconciled.anomalies.isEmpty, "\(reconciled.anomalies)")

        let report = try t.store.moneyReport(days: month, coverDays: 7)
        #expect(report.totals.orders == 3 && report.totals.refunds == 1)
        #expect(report.totals.charged == Money(fen: 2 * 9_405) && report.totals.commission == Money(fen: 2 * 495))
        #expect(report.perSubstation.map(\.key) == ["sh-child"])
    }
}
