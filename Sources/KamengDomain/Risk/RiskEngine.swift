/// Scores orders: a pure function of the facts and the rules, so every rule can be tested at its threshold
/// without a database. A rule fires when what it observes exceeds its limit: the limit is the most allowed.
public enum RiskEngine {
    public static func assess(_ facts: RiskFacts, rules: RiskRules = .defaults) -> RiskAssessment {
        var findings: [RiskFinding] = []
        for rule in RiskRules.thresholdRules {
            guard let threshold = rules[rule], threshold.enabled, let observed = facts.observed(for: rule),
                  observed > threshold.limit else { continue }
            findings.append(RiskFinding(rule: rule, weight: threshold.weight, observed: observed, limit: threshold.limit))
        }
        let listed: [(BlacklistKind, RiskRule)] = [(.ip, .blacklistedIP), (.buyer, .blacklistedBuyer), (.device, .blacklistedDevice)]
        for (kind, rule) in listed where facts.blacklisted.contains(kind) {
            findings.append(RiskFinding(rule: rule, weight: rules.blacklistWeight, observed: 1, limit: 0))
        }
        if let paid = facts.paidAmount, paid != facts.amount {
            findings.append(RiskFinding(rule: .amountMismatch, weight: rules.amountMismatchWeight, observed: paid.fen, limit: facts.amount.fen))
        }
        if let charge = facts.charge, facts.amount < charge {
            findings.append(RiskFinding(rule: .belowCost, weight: rules.belowCostWeight, observed: facts.amount.fen, limit: charge.fen))
        }
        let score = findings.reduce(0) { $0 + $1.weight }
        // A clean order is never held, even with hold_score 0; a blacklist hit or a wrong payment always is,
        // whatever the weights say, because delivering keys in either case hands cash to the wrong person.
        let held = findings.contains { $0.rule.alwaysHolds } || (!findings.isEmpty && score >= rules.holdScore)
        return RiskAssessment(score: score, findings: findings, held: held)
    }
}

extension RiskFacts {
    /// What `rule` measures in these facts; nil for the yes/no rules and for a new-buyer check on a known buyer.
    func observed(for rule: RiskRule) -> Int64? {
        switch rule {
        case .ipVelocity: Int64(ordersFromIP)
        case .buyerVelocity: Int64(ordersFromBuyer)
        case .deviceVelocity: Int64(ordersFromDevice)
        case .buyersPerDevice: Int64(buyersOnDevice)
        case .buyersPerIP: Int64(buyersOnIP)
        case .amountCap: amount.fen
        case .quantityCap: Int64(quantity)
        case .newBuyerLargeOrder: buyerPriorOrders == 0 ? amount.fen : nil
        case .failedPayments: Int64(failedPaymentsByBuyer)
        case .blacklistedIP, .blacklistedBuyer, .blacklistedDevice, .amountMismatch, .belowCost: nil
        }
    }
}
