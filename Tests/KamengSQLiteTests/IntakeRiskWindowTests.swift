import Foundation
import GRDB
import KamengDomain
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage

/// The risk windows an intake group reads (one statement per new order, the group's pending orders
/// added, a flush before a distinct-buyer count) against an oracle written here in plain Swift: for
/// every stored order, the facts recomputed from the orders stored before it, scored by `RiskEngine`,
/// must give exactly the score and findings the store recorded. Order times run out of order within
/// the window, so the window's bounds and "created up to this order's time" both matter.
@Suite("Intake: risk windows against an oracle")
struct IntakeRiskWindowTests {
    struct Stored {
        var buyer: String
        var ip: String
        var device: String
        var createdMs: Int64
        var amount: Int64
        var quantity: Int
        var score: Int
        var reasons: String
    }

    static func rules() -> RiskRules {
        var rules = RiskRules.defaults
        rules.ipVelocity.limit = 5
        rules.deviceVelocity.limit = 4
        rules.buyersPerDevice.limit = 3
        rules.buyersPerIP.limit = 4
        rules.buyerVelocity.limit = 2
        return rules
    }

    /// Orders only (no payments, so no failed payments), some repeated; about one in 25 from the
    /// blacklisted device; a few large amounts for the new-buyer rule.
    static func stream(_ f: IntakeFixture, seed: UInt64, count: Int) -> [String] {
        var rng = SeededRandom(seed: seed)
        var lines: [String] = []
        var placed: [String] = []
        for i in 0..<count {
            if rng.chance(0.05), let again = placed.randomElement(using: &rng) {
                lines.append(f.line(f.order(again, at: 0)))
                continue
            }
            let quantity = rng.chance(0.1) ? 2 : 1
            let amount: Int64 = rng.chance(0.1) ? 500_000 : 9_900 * Int64(quantity)
            let device = rng.chance(0.04) ? "bad-phone" : "d\(rng.below(10))"
            let at = Double(i) * 20 - Double(rng.below(400))
            let no = "W\(i)"
            lines.append(f.line(f.order(no, quantity: quantity, amount: amount, buyer: "b\(rng.below(30))", ip: "10.1.0.\(rng.below(8))",
                                        device: device, at: at)))
            placed.append(no)
        }
        return lines
    }

    static func stored(_ f: IntakeFixture) throws -> [Stored] {
        try f.store.pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT buyer, ip, device, created_ms, amount_fen, quantity, risk_score, risk_reasons FROM orders ORDER BY id
                """).map { Stored(buyer: $0[0], ip: $0[1], device: $0[2], createdMs: $0[3], amount: $0[4], quantity: $0[5], score: $0[6], reasons: $0[7]) }
        }
    }

    /// The facts for `orders[k]` from the orders stored before it (lower ids), itself included.
    static func oracle(_ orders: [Stored], _ k: Int, rules: RiskRules) -> RiskAssessment {
        let me = orders[k], before = orders[..<k]
        let from = me.createdMs - Int64(rules.windowSeconds) * 1000
        let inWindow = before.filter { $0.createdMs > from && $0.createdMs <= me.createdMs }
        let onIP = inWindow.filter { $0.ip == me.ip }, onDevice = inWindow.filter { $0.device == me.device }
        let facts = RiskFacts(
            amount: Money(fen: me.amount), quantity: me.quantity,
            ordersFromIP: onIP.count + 1, ordersFromBuyer: inWindow.filter { $0.buyer == me.buyer }.count + 1,
            ordersFromDevice: onDevice.count + 1,
            buyersOnDevice: Set(onDevice.map(\.buyer) + [me.buyer]).count, buyersOnIP: Set(onIP.map(\.buyer) + [me.buyer]).count,
            buyerPriorOrders: min(1000, before.filter { $0.buyer == me.buyer && $0.createdMs <= me.createdMs }.count),
            failedPaymentsByBuyer: 0, blacklisted: me.device == "bad-phone" ? [.device] : [])
        return RiskEngine.assess(facts, rules: rules)
    }

    @Test("every order's stored score and findings are the oracle's", arguments: [(11 as UInt64, 500, true), (12, 37, true), (13, 1, true), (14, 500, false)])
    func matchesTheOracle(seed: UInt64, groupLines: Int, deferred: Bool) throws {
        let rules = Self.rules()
        let f = try IntakeDeferredWriteTests.fixture()
        let lines = Self.stream(f, seed: seed, count: 400)
        let summary = try IntakeDeferredWriteTests.run(f, lines, deferred: deferred, groupLines: groupLines, rules: rules)
        let orders = try Self.stored(f)
        #expect(orders.count == summary.orders.accepted && orders.count > 300)
        var fired: Set<RiskRule> = []
        for k in orders.indices {
            let expected = Self.oracle(orders, k, rules: rules)
            let reasons = expected.findings.isEmpty ? "[]" : SQLiteStore.json(expected.findings)
            if orders[k].score != expected.score || orders[k].reasons != reasons {
                Issue.record("order \(k + 1): stored \(orders[k].score) \(orders[k].reasons), oracle \(expected.score) \(reasons)")
                return
            }
            fired.formUnion(expected.findings.map(\.rule))
        }
        // The stream reached every window rule, on both sides of its limit.
        for rule in [RiskRule.ipVelocity, .deviceVelocity, .buyersPerDevice, .buyersPerIP, .buyerVelocity, .newBuyerLargeOrder, .blacklistedDevice] {
            #expect(fired.contains(rule), "no order tripped \(rule.rawValue)")
        }
    }
}
