import Testing
import KamengDomain

private let clean = RiskFacts(amount: Money(fen: 990), quantity: 1, buyerPriorOrders: 5)

/// Rules where IP velocity and buyer velocity together make exactly `sum` points, held at 70.
private func rules(ipWeight: Int, buyerWeight: Int) -> RiskRules {
    var rules = RiskRules.defaults
    rules.holdScore = 70
    rules.ipVelocity.weight = ipWeight
    rules.buyerVelocity.weight = buyerWeight
    return rules
}

@Suite("Risk scoring and the hold decision")
struct RiskScoringTests {
    @Test("held when the score reaches hold_score: one under, at, one over", arguments: [(69, false), (70, true), (71, true)])
    func holdScore(score: Int, held: Bool) {
        var f = clean
        f.ordersFromIP = 11
        f.ordersFromBuyer = 9
        let assessment = RiskEngine.assess(f, rules: rules(ipWeight: 40, buyerWeight: score - 40))
        #expect(assessment.score == score)
        #expect(assessment.held == held)
    }

    @Test("several rules add up, reported in the engine's order")
    func addUp() {
        var f = clean
        f.ordersFromIP = 11          // 40
        f.ordersFromDevice = 11      // 30
        f.buyersOnDevice = 4         // 50
        f.quantity = 11              // 30
        let assessment = RiskEngine.assess(f)
        #expect(assessment.findings.map(\.rule) == [.ipVelocity, .deviceVelocity, .buyersPerDevice, .quantityCap])
        #expect(assessment.score == 150)
        #expect(assessment.held)
    }

    @Test("a new buyer's first order over the cap fires both amount rules")
    func newBuyerOverCap() {
        let assessment = RiskEngine.assess(RiskFacts(amount: Money(fen: 200_001), quantity: 1))
        #expect(assessment.findings.map(\.rule) == [.amountCap, .newBuyerLargeOrder])
        #expect(assessment.score == 70)
        #expect(assessment.held)
    }

    @Test("each blacklist hit weighs blacklist_weight and holds even when the score would not",
          arguments: [(BlacklistKind.ip, RiskRule.blacklistedIP), (.buyer, .blacklistedBuyer), (.device, .blacklistedDevice)])
    func blacklist(kind: BlacklistKind, rule: RiskRule) {
        var f = clean
        f.blacklisted = [kind]
        #expect(RiskEngine.assess(f) == RiskAssessment(score: 100, findings: [RiskFinding(rule: rule, weight: 100, observed: 1, limit: 0)], held: true))
        var lenient = RiskRules.defaults
        lenient.holdScore = 1_000
        lenient.blacklistWeight = 0
        let assessment = RiskEngine.assess(f, rules: lenient)
        #expect(assessment.score == 0)
        #expect(assessment.held)
    }

    @Test("all three blacklists at once add three weights")
    func allBlacklists() {
        var f = clean
        f.blacklisted = Set(BlacklistKind.allCases)
        let assessment = RiskEngine.assess(f)
        #expect(assessment.findings.map(\.rule) == [.blacklistedIP, .blacklistedBuyer, .blacklistedDevice])
        #expect(assessment.score == 300)
    }

    @Test("paid amount: equal is clean; a fen under or over fires and holds", arguments: [(Int64(990), false), (989, true), (991, true)])
    func amountMismatch(paid: Int64, fires: Bool) {
        var f = clean
        f.paidAmount = Money(fen: paid)
        var lenient = RiskRules.defaults
        lenient.holdScore = 1_000
        let assessment = RiskEngine.assess(f, rules: lenient)
        #expect(assessment.findings == (fires ? [RiskFinding(rule: .amountMismatch, weight: 100, observed: paid, limit: 990)] : []))
        #expect(assessment.held == fires)
    }

    @Test("an unpaid order is not a mismatch")
    func unpaid() {
        #expect(RiskEngine.assess(clean).findings == [])
    }

    @Test("with hold_score 0 a clean order is still not held, but any finding is")
    func zeroHoldScore() {
        var rules = RiskRules.defaults
        rules.holdScore = 0
        rules.quantityCap.weight = 0
        #expect(!RiskEngine.assess(clean, rules: rules).held)
        var f = clean
        f.quantity = 11
        let assessment = RiskEngine.assess(f, rules: rules)
        #expect(assessment.score == 0)
        #expect(assessment.held)
    }

    @Test("a weight-0 rule reports without holding")
    func reportOnly() {
        var rules = RiskRules.defaults
        rules.quantityCap.weight = 0
        var f = clean
        f.quantity = 500
        #expect(RiskEngine.assess(f, rules: rules) == RiskAssessment(score: 0, findings: [RiskFinding(rule: .quantityCap, weight: 0, observed: 500, limit: 10)], held: false))
    }

    @Test("weight(of:) names every rule's weight")
    func weights() {
        var rules = RiskRules.defaults
        rules.blacklistWeight = 11
        rules.amountMismatchWeight = 12
        #expect(rules.weight(of: .blacklistedDevice) == 11)
        #expect(rules.weight(of: .amountMismatch) == 12)
        #expect(rules.weight(of: .buyersPerDevice) == 50)
    }
}
