import Foundation
import GRDB
import KamengDomain
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage

@Suite("Ledger reads: balances, settlements, the money report")
struct LedgerReadTests {
    @Test("balances: running balance, credit, funds switch, commission and waiting orders, by code; unknown code refused")
    func balances() throws {
        let t = try TestStore()
        let product = try t.addProduct()
        let a = try t.addSubstation(code: "a-station")
        _ = try t.addSubstation(code: "b-station")
        try t.plantTopUp("a-station", 30_000, reference: "R1", at: Date())
        try t.plantSettlement("a-station", 700, period: "2026-10", at: Date())
        try t.rawExecute("UPDATE substations SET funds_required = 1, credit_limit_fen = 5000 WHERE code = 'a-station'")
        _ = try t.deliveredOrder("W1", product: product, station: a, at: Date(), status: .awaitingFunds)
        _ = try t.deliveredOrder("W2", product: product, station: a, at: Date(), status: .awaitingFunds)
        let all = try t.store.balances(substation: nil)
        #expect(all.map(\.code) == ["a-station", "b-station"])
        let first = all[0]
        #expect(first.balance == Money(fen: 30_000) && first.creditLimit == Money(fen: 5_000) && first.available == Money(fen: 35_000))
        #expect(first.fundsRequired && first.commissionPayable == Money(fen: -700) && first.awaitingFunds == 2)
        // A substation with no ledger accounts yet reads as zero.
        #expect(all[1].balance == .zero && all[1].awaitingFunds == 0)
        #expect(try t.store.balances(substation: "b-station").map(\.code) == ["b-station"])
        #expect(throws: StoreError.notFound(.substation(code: "zz"))) { try t.store.balances(substation: "zz") }
    }

    @Test("settlements: newest first, with period, amount, entry and actor; one substation's with a code")
    func settlements() throws {
        let t = try TestStore()
        _ = try t.addSubstation(code: "a-station")
        _ = try t.addSubstation(code: "b-station")
        let first = try t.plantSettlement("a-station", 1_200, period: "2026-09", at: TestStore.utc("2026-10-02 01:00:00"))
        try t.plantTopUp("a-station", 100, reference: "R", at: Date())
        let second = try t.plantSettlement("b-station", 3_400, period: "2026-10", at: TestStore.utc("2026-11-02 01:00:00"))
        let all = try t.store.settlements(substation: nil)
        #expect(all.map(\.entryId) == [second, first])
        #expect(all[1] == Settlement(code: "a-station", period: SettlementPeriod("2026-09")!, amount: Money(fen: 1_200), entryId: first,
                                     at: TestStore.utc("2026-10-02 01:00:00"), actor: "test"))
        #expect(try t.store.settlements(substation: "b-station").map(\.amount) == [Money(fen: 3_400)])
        #expect(throws: StoreError.notFound(.substation(code: "zz"))) { try t.store.settlements(substation: "zz") }
    }

    @Test("the money report: totals, every day (zeros too), per product and substation, net of refunds; low balances")
    func report() throws {
        let t = try TestStore()
        let qq = try t.addProduct()
        let steam = try t.addProduct(sku: "STEAM-100")
        let a = try t.addSubstation(code: "a-station")
        let b = try t.addSubstation(code: "b-station")
        let charge = OrderCharge(quantity: 1, retail: qq.prices.retail, unitCost: qq.cost, commissionBasisPoints: 500, parentBasisPoints: nil)
        let day1 = TestStore.utc("2026-11-01 04:00:00"), day3 = TestStore.utc("2026-11-03 04:00:00")
        for (n, (station, product, at)) in [(a, qq, day1), (a, steam, day1), (a, qq, day3), (b, qq, day3)].enumerated() {
            let id = try t.deliveredOrder("M\(n)", product: product, station: station, at: at)
            try t.plantCharge(orderId: id, charge, station: station.code, parent: nil, product: product, at: at)
            if n == 3 { try t.plantRefund(orderId: id, charge, station: station.code, parent: nil, product: product, at: at) }
        }
        // a-station charged 3 × 94.05 over 3 days: 94.05 a day; with 100.00 available it lasts about a day.
        try t.plantTopUp("a-station", 3 * charge.charge.fen + 10_000, reference: "R", at: day1)
        try t.rawExecute("UPDATE substations SET funds_required = 1")
        let report = try t.store.moneyReport(days: BusinessDays(from: BusinessDay("2026-11-01")!, to: BusinessDay("2026-11-03")!), coverDays: 3)
        #expect(report.totals.orders == 4 && report.totals.refunds == 1 && report.totals.units == 4)
        #expect(report.totals.gross == Money(fen: 4 * 9_900) && report.totals.charged == charge.charge * 3 && report.totals.refunded == charge.charge)
        #expect(report.totals.cost == charge.cost * 4 && report.totals.margin == charge.charge * 3 - charge.cost * 4)
        #expect(report.perDay.map(\.day.description) == ["2026-11-01", "2026-11-02", "2026-11-03"])
        #expect(report.perDay.map(\.figures.orders) == [2, 0, 2])
        #expect(report.perProduct.map(\.key) == ["QQ-100", "STEAM-100"] && report.perProduct[0].figures.orders == 3)
        #expect(report.perSubstation.map(\.key) == ["a-station", "b-station"] && report.perSubstation[1].figures.charged == .zero)
        #expect(report.lowBalances.map(\.balance.code) == ["a-station"])
        let low = report.lowBalances[0]
        #expect(low.dailyCharge == charge.charge && abs(low.daysOfCover - 10_000.0 / Double(charge.charge.fen)) < 1e-9)
        // b-station charged nothing net: no rate to run out at.
        let none = try t.store.moneyReport(days: BusinessDays(from: BusinessDay("2026-11-02")!, to: BusinessDay("2026-11-02")!), coverDays: 3)
        #expect(none.totals == MoneyFigures() && none.lowBalances.isEmpty && none.perProduct.isEmpty)
    }
}
