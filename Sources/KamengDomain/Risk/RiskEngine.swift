/// Scores orders: a pure function of the facts and the rules, so every rule can be tested at its threshold
/// without a database. A rule fires when what it observes exceeds its limit.
public enum RiskEngine {
    public static func assess(_ facts: RiskFacts, rules: RiskRules = .defaults) -> RiskAssessment {
        var findings: [RiskFinding] = []
        func check(_ rule: RiskRule, _ threshold: RiskThreshold, observed: Int64) {
            guard threshold.enabled, observed > threshold.limit else { return }
            findings.append(RiskFinding(rule: rule, weight: threshold.weight, observed: observed, limit: threshold.limit))
        }
        check(.ipVelocity, rules.ipVelocity, observed: Int64(facts.ordersFromIP))
        check(.buyerVelocity, rules.buyerVelocity, observed: Int64(facts.ordersFromBuyer))
        check(.deviceVelocity, rules.deviceVelocity, observed: Int64(facts.ordersFromDevice))
        check(.buyersPerDevice, rules.buyersPerDevice, observed: Int64(facts.buyersOnDevice))
        check(.buyersPerIP, rules.buyersPerIP, observed: Int64(facts.buyersOnIP))
        check(.amountCap, rules.amountCap, observed: facts.amount.fen)
        check(.quantityCap, rules.quantityCap, observed: Int64(facts.quantity))
        if facts.buyerPriorOrders == 0 {
            check(.newBuyerLargeOrder, rules.newBuyerLargeOrder, observed: facts.amount.fen)
        }
        check(.failedPayments, rules.failedPayments, observed: Int64(facts.failedPaymentsByBuyer))
        let listed: [(BlacklistKind, RiskRule)] = [(.ip, .blacklistedIP), (.buyer, .blacklistedBuyer), (.device, .blacklistedDevice)]
        for (kind, rule) in listed where facts.blacklisted.contains(kind) {
            findings.append(RiskFinding(rule: rule, weight: rules.blacklistWeight, observed: 1, limit: 0))
        }
        if let paid = facts.paidAmount, paid != facts.amount {
            findings.append(RiskFinding(rule: .amountMismatch, weight: rules.amountMismatchWeight, observed: paid.fen, limit: facts.amount.fen))
        }
        let score = findings.reduce(0) { $0 + $1.weight }
        return RiskAssessment(score: score, findings: findings, held: score >= rules.holdScore)
    }
}
