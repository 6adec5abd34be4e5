import Foundation
import GRDB
import KamengDomain
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage

@Suite("Ledger verification")
struct LedgerVerifyTests {
    struct Books {
        let t: TestStore
        let product: Product
        let station: Substation
        let charge: OrderCharge
        /// A delivered and charged order, and a refunded one with its reversal.
        let delivered: Int64, refunded: Int64
    }

    /// Sound books: a top-up, two charged deliveries (one refunded and reversed), a settlement.
    func books() throws -> Books {
        let t = try TestStore()
        let product = try t.addProduct()
        let station = try t.addSubstation()
        let charge = OrderCharge(quantity: 2, retail: product.prices.retail, unitCost: product.cost, commissionBasisPoints: 500, parentBasisPoints: nil)
        let now = Date()
        try t.plantTopUp(station.code, 50_000, reference: "BANK-1", at: now)
        let delivered = try t.deliveredOrder("V1", product: product, station: station, quantity: 2, at: now)
        try t.plantCharge(orderId: delivered, charge, station: station.code, parent: nil, product: product, quantity: 2, at: now)
        let refunded = try t.deliveredOrder("V2", product: product, station: station, quantity: 2, at: now, status: .refunded)
        try t.plantCharge(orderId: refunded, charge, station: station.code, parent: nil, product: product, quantity: 2, at: now)
        try t.plantRefund(orderId: refunded, charge, station: station.code, parent: nil, product: product, at: now)
        try t.plantSettlement(station.code, 0 + 1, period: "2026-10", at: now)
        return Books(t: t, product: product, station: station, charge: charge, delivered: delivered, refunded: refunded)
    }

    func problem(_ b: Books) throws -> String? { try b.t.store.verifyLedger().firstProblem }

    @Test("sound books verify, with their counts; a delivery before the ledger started needs no charge")
    func sound() throws {
        let b = try books()
        _ = try b.t.deliveredOrder("OLD", product: b.product, station: b.station, at: Date(timeIntervalSinceNow: -86_400))
        let result = try b.t.store.verifyLedger()
        #expect(result.firstProblem == nil)
        #expect(result.entries == 5 && result.postings == 2 + 4 + 4 + 2 + 2)
    }

    @Test("an entry whose postings do not sum to zero is named")
    func unbalanced() throws {
        let b = try books()
        let entry = try b.t.plantEntry(.topUp, station: b.station.code, reference: "BAD", at: Date(), postings: [
            LedgerPosting(account: .prepaid, substationCode: b.station.code, amount: Money(fen: 100)),
            LedgerPosting(account: .topUpsReceived, amount: Money(fen: -99)),
        ])
        #expect(try problem(b) == "entry \(entry): its postings sum to ¥0.01, not zero")
    }

    @Test("a running balance that is not the sum of its postings is named with its account")
    func wrongBalance() throws {
        let b = try books()
        let account = try b.t.accountId(.prepaid, b.station.code)
        try b.t.rawExecute("UPDATE ledger_accounts SET balance_fen = balance_fen + 1 WHERE id = \(account)")
        #expect(try problem(b)?.hasPrefix("account \(account) (prepaid of sh-test): balance") == true)
    }

    @Test("a delivery after the ledger started with no charge is named with its order")
    func uncharged() throws {
        let b = try books()
        _ = try b.t.deliveredOrder("V3", product: b.product, station: b.station, at: Date().addingTimeInterval(1))
        #expect(try problem(b)?.hasPrefix("order V3 (id ") == true)
        #expect(try problem(b)?.hasSuffix("after the ledger started, and has no charge entry") == true)
    }

    @Test("a charge on an order never delivered is named")
    func chargedNotDelivered() throws {
        let b = try books()
        let paid = try b.t.deliveredOrder("V4", product: b.product, station: b.station, at: Date(), status: .paid)
        let entry = try b.t.plantCharge(orderId: paid, b.charge, station: b.station.code, parent: nil, product: b.product, at: Date())
        #expect(try problem(b) == "entry \(entry): a charge on order V4 (id \(paid)), which is paid and was never delivered")
    }

    @Test("a refunded order whose charge was never reversed is named")
    func refundMissing() throws {
        let b = try books()
        let id = try b.t.deliveredOrder("V5", product: b.product, station: b.station, at: Date(), status: .refunded)
        let entry = try b.t.plantCharge(orderId: id, b.charge, station: b.station.code, parent: nil, product: b.product, at: Date())
        #expect(try problem(b) == "order V5 (id \(id)) is refunded but its charge (entry \(entry)) was never reversed")
    }

    @Test("a refund that does not reverse the charge exactly, or takes back the cost, is named")
    func refundNotExact() throws {
        let b = try books()
        let id = try b.t.deliveredOrder("V6", product: b.product, station: b.station, at: Date(), status: .refunded)
        try b.t.plantCharge(orderId: id, b.charge, station: b.station.code, parent: nil, product: b.product, at: Date())
        let short = b.charge.charge.fen - 1
        try b.t.plantEntry(.refund, station: b.station.code, orderId: id, at: Date(), postings: [
            LedgerPosting(account: .prepaid, substationCode: b.station.code, amount: Money(fen: short)),
            LedgerPosting(account: .platformRevenue, amount: Money(fen: -short)),
        ])
        // The platform's accounts come first (lowest ids): its revenue nets to +¥0.01.
        #expect(try problem(b) == "order V6 (id \(id)): its refund does not reverse its charge on account 1 (platform_revenue) (they net to ¥0.01)")

        let c = try books()
        let other = try c.t.deliveredOrder("V7", product: c.product, station: c.station, at: Date(), status: .refunded)
        try c.t.plantCharge(orderId: other, c.charge, station: c.station.code, parent: nil, product: c.product, at: Date())
        try c.t.plantEntry(.refund, station: c.station.code, orderId: other, at: Date(),
                           postings: c.charge.chargePostings(substation: c.station.code, parent: nil).map {
                               LedgerPosting(account: $0.account, substationCode: $0.substationCode, amount: Money(fen: -$0.amount.fen))
                           })
        #expect(try problem(c)?.contains("its refund posts to account") == true)
        #expect(try problem(c)?.hasSuffix("(cost_of_goods); the keys' cost must stay") == true)
    }

    @Test("ledger_daily that differs from the entries is named with its day, substation, product and figure")
    func dailyDiffers() throws {
        let b = try books()
        let day = try b.t.store.pool.read { db in try String.fetchOne(db, sql: "SELECT day FROM ledger_daily")! }
        try b.t.rawExecute("UPDATE ledger_daily SET cost_fen = cost_fen + 5")
        #expect(try problem(b) == "ledger_daily \(day) sh-test QQ-100: cost_fen is \(2 * 2 * 9_500 + 5) but the entries say \(2 * 2 * 9_500)")
        let c = try books()
        try c.t.rawExecute("DELETE FROM ledger_daily")
        #expect(try problem(c) == "ledger_daily \(day) sh-test QQ-100: orders is 0 but the entries say 2")
    }
}
