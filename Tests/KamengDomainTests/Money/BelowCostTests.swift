import Testing
import KamengDomain

/// A clean order of a known buyer: no other rule fires.
private func facts(amount: Int64, charge: Int64?) -> RiskFacts {
    RiskFacts(amount: Money(fen: amount), quantity: 1, buyerPriorOrders: 5, charge: charge.map { Money(fen: $0) })
}

@Suite("Risk: below_cost")
struct BelowCostTests {
    @Test("an amount-0 order with a charge is held with below_cost at the default weight")
    func amountZeroHeld() throws {
        let assessment = RiskEngine.assess(facts(amount: 0, charge: 9_500))
        #expect(assessment.held)
        #expect(assessment.score == 100)
        let finding = try #require(assessment.findings.first)
        #expect(assessment.findings.count == 1)
        #expect(finding == RiskFinding(rule: .belowCost, weight: RiskRules.defaults.belowCostWeight, observed: 0, limit: 9_500))
        #expect(RiskRules.defaults.belowCostWeight == 100)
        #expect(RiskRules.defaults.weight(of: .belowCost) == 100)
    }

    @Test("fires one fen under the charge, not at it nor above", arguments: [
        (9_499, true), (9_500, false), (9_501, false),
    ] as [(Int64, Bool)])
    func edge(amount: Int64, fires: Bool) {
        let assessment = RiskEngine.assess(facts(amount: amount, charge: 9_500))
        #expect(assessment.findings.contains { $0.rule == .belowCost } == fires)
        #expect(assessment.held == fires)
    }

    @Test("no charge known (no product price yet): the rule stays silent")
    func noCharge() {
        let assessment = RiskEngine.assess(facts(amount: 0, charge: nil))
        #expect(assessment.findings.isEmpty)
        #expect(!assessment.held)
    }

    @Test("the weight decides: 0 does not hold, a weight at hold_score does")
    func weight() {
        var rules = RiskRules.defaults
        rules.belowCostWeight = 0
        let light = RiskEngine.assess(facts(amount: 100, charge: 9_500), rules: rules)
        #expect(light.findings.map(\.rule) == [.belowCost])
        #expect(!light.held, "below_cost is not one of the always-holding rules")
        #expect(!RiskRule.belowCost.alwaysHolds)
        rules.belowCostWeight = rules.holdScore
        #expect(RiskEngine.assess(facts(amount: 100, charge: 9_500), rules: rules).held)
        rules.belowCostWeight = rules.holdScore - 1
        #expect(!RiskEngine.assess(facts(amount: 100, charge: 9_500), rules: rules).held)
    }

    @Test("a zero payment of a zero-amount order: amounts match, so only below_cost fires")
    func zeroPaidZeroAmount() {
        var f = facts(amount: 0, charge: 9_500)
        f.paidAmount = .zero
        let assessment = RiskEngine.assess(f)
        #expect(assessment.findings.map(\.rule) == [.belowCost])
        #expect(assessment.held)
    }

    @Test("explained in money, zh and en")
    func explanation() {
        let finding = RiskFinding(rule: .belowCost, weight: 100, observed: 0, limit: 9_500)
        #expect(finding.explanation(chinese: true) == "订单金额 ¥0.00 低于分站结算价 ¥95.00")
        #expect(finding.explanation(chinese: false) == "order amount ¥0.00 is below the substation's charge ¥95.00")
        #expect(RiskRule.belowCost.measuresMoney)
        #expect(RiskRule.belowCost.rawValue == "below_cost")
        #expect(RiskRule.belowCost.title(chinese: true) == "低于结算价")
        #expect(RiskRule.belowCost.title(chinese: false) == "below cost")
    }
}
