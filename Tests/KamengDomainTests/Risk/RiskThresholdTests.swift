import Testing
import KamengDomain

/// The documented defaults (Docs/Risk.md), written out by hand: rule id, limit, weight.
private let documentedDefaults: [(RiskRule, Int64, Int)] = [
    (.ipVelocity, 10, 40), (.buyerVelocity, 8, 30), (.deviceVelocity, 10, 30),
    (.buyersPerDevice, 3, 50), (.buyersPerIP, 5, 30),
    (.amountCap, 200_000, 40), (.quantityCap, 10, 30), (.newBuyerLargeOrder, 50_000, 30), (.failedPayments, 3, 40),
]

/// A known buyer's small, lone order: nothing fires. Each threshold test changes one figure.
private let clean = RiskFacts(amount: Money(fen: 990), quantity: 1, buyerPriorOrders: 5)

/// `clean` with the figure `rule` watches set to `value` (and, for the new-buyer rule, a new buyer).
private func facts(_ rule: RiskRule, observing value: Int64) -> RiskFacts {
    var f = clean
    switch rule {
    case .ipVelocity: f.ordersFromIP = Int(value)
    case .buyerVelocity: f.ordersFromBuyer = Int(value)
    case .deviceVelocity: f.ordersFromDevice = Int(value)
    case .buyersPerDevice: f.buyersOnDevice = Int(value)
    case .buyersPerIP: f.buyersOnIP = Int(value)
    case .amountCap: f.amount = Money(fen: value)
    case .quantityCap: f.quantity = Int(value)
    case .newBuyerLargeOrder: f.amount = Money(fen: value); f.buyerPriorOrders = 0
    case .failedPayments: f.failedPaymentsByBuyer = Int(value)
    default: Issue.record("\(rule) has no threshold")
    }
    return f
}

@Suite("Risk rules at their thresholds")
struct RiskThresholdTests {
    @Test("the defaults are the documented limits and weights; hold at 60 over a 600 s window")
    func defaults() {
        let rules = RiskRules.defaults
        #expect(RiskRules.thresholdRules == documentedDefaults.map(\.0))
        for (rule, limit, weight) in documentedDefaults {
            #expect(rules[rule] == RiskThreshold(limit: limit, weight: weight, enabled: true), "\(rule)")
        }
        #expect(rules.holdScore == 60)
        #expect(rules.windowSeconds == 600)
        #expect(rules.blacklistWeight == 100)
        #expect(rules.amountMismatchWeight == 100)
    }

    @Test("every rule is a threshold rule, a yes/no rule that always holds, or below_cost (yes/no, weighted)")
    func partition() {
        let yesNo = RiskRule.allCases.filter(\.alwaysHolds)
        #expect(yesNo == [.blacklistedIP, .blacklistedBuyer, .blacklistedDevice, .amountMismatch])
        #expect(Set(RiskRules.thresholdRules).isDisjoint(with: yesNo))
        // below_cost has no threshold (it compares the amount with the charge) and holds by its weight,
        // which the config may lower (Docs/Risk.md), so it is neither kind.
        #expect(!RiskRule.belowCost.alwaysHolds && RiskRules.keyPath(for: .belowCost) == nil && RiskRules.defaults[.belowCost] == nil)
        #expect(RiskRules.thresholdRules.count + yesNo.count + 1 == RiskRule.allCases.count)
        for rule in yesNo { #expect(RiskRules.keyPath(for: rule) == nil && RiskRules.defaults[rule] == nil) }
    }

    @Test("each rule's threshold read by name is the one its key path names (the two lists agree)")
    func lookupAgreesWithKeyPaths() throws {
        var rules = RiskRules.defaults
        // A different limit for every rule, so a rule read from another rule's field shows.
        for (i, rule) in RiskRules.thresholdRules.enumerated() {
            rules[keyPath: try #require(RiskRules.keyPath(for: rule))].limit = Int64(1000 + i)
        }
        for rule in RiskRules.thresholdRules {
            #expect(rules[rule] == rules[keyPath: try #require(RiskRules.keyPath(for: rule))], "\(rule)")
            #expect(rules[rule]?.limit == Int64(1000 + RiskRules.thresholdRules.firstIndex(of: rule)!))
        }
    }

    @Test("the clean baseline scores 0 and is not held")
    func baseline() {
        #expect(RiskEngine.assess(clean) == RiskAssessment(score: 0, findings: [], held: false))
    }

    @Test("just under and at the limit: silent; one over: fires with the figures", arguments: documentedDefaults)
    func threshold(rule: RiskRule, limit: Int64, weight: Int) {
        #expect(RiskEngine.assess(facts(rule, observing: limit - 1)).findings == [], "\(rule) just under")
        #expect(RiskEngine.assess(facts(rule, observing: limit)).findings == [], "\(rule) at the limit")
        let over = RiskEngine.assess(facts(rule, observing: limit + 1))
        #expect(over.findings == [RiskFinding(rule: rule, weight: weight, observed: limit + 1, limit: limit)], "\(rule) one over")
        #expect(over.score == weight)
        #expect(over.held == (weight >= 60))
    }

    @Test("a configured limit moves the threshold with it", arguments: RiskRules.thresholdRules)
    func configuredLimit(rule: RiskRule) throws {
        var rules = RiskRules.defaults
        let path = try #require(RiskRules.keyPath(for: rule))
        rules[keyPath: path].limit = 2
        rules[keyPath: path].weight = 7
        #expect(RiskEngine.assess(facts(rule, observing: 2), rules: rules).findings == [])
        #expect(RiskEngine.assess(facts(rule, observing: 3), rules: rules).findings
                == [RiskFinding(rule: rule, weight: 7, observed: 3, limit: 2)])
    }

    @Test("a disabled rule never fires, however far over", arguments: documentedDefaults)
    func disabled(rule: RiskRule, limit: Int64, weight: Int) throws {
        var rules = RiskRules.defaults
        rules[keyPath: try #require(RiskRules.keyPath(for: rule))].enabled = false
        let assessment = RiskEngine.assess(facts(rule, observing: limit * 100 + 1), rules: rules)
        #expect(!assessment.findings.contains { $0.rule == rule })
        #expect(RiskEngine.assess(facts(rule, observing: limit * 100 + 1)).findings.contains { $0.rule == rule })
    }

    @Test("a large order from a buyer with one earlier order is not a new-buyer order")
    func knownBuyerLargeOrder() {
        var f = facts(.newBuyerLargeOrder, observing: 150_000)
        #expect(RiskEngine.assess(f).findings.map(\.rule) == [.newBuyerLargeOrder])
        f.buyerPriorOrders = 1
        #expect(RiskEngine.assess(f).findings == [])
    }
}
