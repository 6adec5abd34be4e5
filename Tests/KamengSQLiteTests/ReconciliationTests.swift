import Foundation
import GRDB
import KamengDomain
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage

@Suite("Reconciliation")
struct ReconciliationTests {
    /// Everything happens on 2026-11-05 (UTC+8), after a ledger that started on 11-01, checked at 05:00 UTC.
    let at = TestStore.utc("2026-11-05 02:00:00")
    let now = TestStore.utc("2026-11-05 05:00:00")
    let day = BusinessDays(from: BusinessDay("2026-11-05")!, to: BusinessDay("2026-11-05")!)

    struct World {
        let t: TestStore
        let product: Product
        let station: Substation
        let charge: OrderCharge
    }

    /// A clean day: a charged delivery, a refunded one reversed, a pending order, a payment of a minute ago.
    func world() throws -> World {
        let t = try TestStore()
        try t.rawExecute("UPDATE ledger_meta SET started_at = '2026-11-01 00:00:00.000'")
        let product = try t.addProduct()
        let station = try t.addSubstation()
        let charge = OrderCharge(quantity: 1, retail: product.prices.retail, unitCost: product.cost, commissionBasisPoints: 500, parentBasisPoints: nil)
        let w = World(t: t, product: product, station: station, charge: charge)
        try chargedDelivery(w, "C1")
        let refunded = try t.deliveredOrder("C2", product: product, station: station, at: at, status: .refunded)
        try t.plantCharge(orderId: refunded, charge, station: station.code, parent: nil, product: product, at: at)
        try t.plantRefund(orderId: refunded, charge, station: station.code, parent: nil, product: product, at: at)
        var pending = t.order("C3", product: product, station: station)
        pending.createdAt = at
        _ = try t.store.createOrder(pending, now: at)
        _ = try t.deliveredOrder("C4", product: product, station: station, at: now.addingTimeInterval(-60), status: .paid)
        // Another day's stale payment is not this day's business.
        _ = try t.deliveredOrder("C5", product: product, station: station, at: at.addingTimeInterval(-86_400), status: .paid)
        return w
    }

    @discardableResult
    func chargedDelivery(_ w: World, _ no: String, paid: Money? = nil) throws -> Int64 {
        let id = try w.t.deliveredOrder(no, product: w.product, station: w.station, at: at, paid: paid)
        try w.t.plantCharge(orderId: id, w.charge, station: w.station.code, parent: nil, product: w.product, at: at)
        return id
    }

    func report(_ w: World) throws -> ReconciliationReport {
        try w.t.store.reconcile(days: day, staleAfter: 1_800, now: now)
    }

    @Test("nothing on a clean day; every order of the day counted")
    func clean() throws {
        let r = try report(try world())
        #expect(r.anomalies.isEmpty, "\(r.anomalies)")
        #expect(r.orders == 4)
    }

    @Test("each planted anomaly kind is found with its order; waiting for stock or funds, or held, explains it")
    func planted() throws {
        let w = try world()
        _ = try w.t.deliveredOrder("P1", product: w.product, station: w.station, at: at, status: .paid)
        _ = try w.t.deliveredOrder("P2", product: w.product, station: w.station, at: at, status: .awaitingStock)
        _ = try w.t.deliveredOrder("P3", product: w.product, station: w.station, at: at, status: .awaitingFunds)
        _ = try w.t.deliveredOrder("D1", product: w.product, station: w.station, at: at)
        let paidOnly = try w.t.deliveredOrder("X1", product: w.product, station: w.station, at: now.addingTimeInterval(-60), status: .paid)
        try w.t.plantCharge(orderId: paidOnly, w.charge, station: w.station.code, parent: nil, product: w.product, at: now)
        let unreversed = try w.t.deliveredOrder("X2", product: w.product, station: w.station, at: at, status: .refunded)
        try w.t.plantCharge(orderId: unreversed, w.charge, station: w.station.code, parent: nil, product: w.product, at: at)
        try chargedDelivery(w, "M1", paid: Money(fen: 1))
        try chargedDelivery(w, "T1")
        try w.t.rawExecute("""
            INSERT INTO intake_rejections (at, source, line, substation, kind, reason, detail)
            VALUES ('2026-11-05 03:00:00.000', 'feed', 7, 'sh-test', 'payment', 'already_paid', 'order T1 is already paid by another transaction'),
                   ('2026-11-05 03:00:01.000', 'feed', 8, 'sh-test', 'payment', 'already_paid', 'order T1 is already paid by another transaction'),
                   ('2026-11-05 03:00:02.000', 'feed', 9, 'sh-test', 'payment', 'already_paid', 'order NOPE is already paid by another transaction')
            """)
        let r = try report(w)
        let found = r.anomalies.map { "\($0.orderNo) \($0.kind.rawValue) \($0.isExplained ? "explained" : "unexplained")" }
        #expect(found == [
            "P1 paid_not_delivered unexplained",
            "P2 paid_not_delivered explained",
            "P3 paid_not_delivered explained",
            "D1 delivered_without_charge unexplained",
            "X1 charge_without_delivery unexplained",
            "X2 charge_without_delivery unexplained",
            "M1 amount_mismatch unexplained",
            "T1 double_payment unexplained",
        ], "\(found)")
        #expect(r.unexplained.count == 6)
        #expect(r.anomalies.first { $0.orderNo == "M1" }?.detail == "paid ¥0.01, order ¥99.00")
        #expect(r.anomalies.allSatisfy { $0.substationCode == "sh-test" })
        // The day before has none of them.
        let before = try w.t.store.reconcile(days: BusinessDays(from: BusinessDay("2026-11-04")!, to: BusinessDay("2026-11-04")!), staleAfter: 1_800, now: now)
        #expect(before.anomalies.map(\.orderNo) == ["C5"] && before.orders == 1)
    }

    @Test("the order number is read back from the intake's already_paid detail")
    func detail() {
        #expect(SQLiteStore.orderNumber(inAlreadyPaid: "order 2026-A 7 is already paid by another transaction") == "2026-A 7")
        #expect(SQLiteStore.orderNumber(inAlreadyPaid: "no order X from this substation") == nil)
    }
}
