extension RiskRules {
    /// The rules that compare a count or an amount with a limit, in the order the engine checks them.
    /// The other rules (blacklist hits, a wrong payment) are yes/no and have only a weight.
    public static let thresholdRules: [RiskRule] = [
        .ipVelocity, .buyerVelocity, .deviceVelocity, .buyersPerDevice, .buyersPerIP,
        .amountCap, .quantityCap, .newBuyerLargeOrder, .failedPayments,
    ]

    /// Where `rule`'s threshold lives, so the engine, the config reader and the docs share one list;
    /// nil for the yes/no rules.
    public static func keyPath(for rule: RiskRule) -> WritableKeyPath<RiskRules, RiskThreshold>? {
        switch rule {
        case .ipVelocity: \.ipVelocity
        case .buyerVelocity: \.buyerVelocity
        case .deviceVelocity: \.deviceVelocity
        case .buyersPerDevice: \.buyersPerDevice
        case .buyersPerIP: \.buyersPerIP
        case .amountCap: \.amountCap
        case .quantityCap: \.quantityCap
        case .newBuyerLargeOrder: \.newBuyerLargeOrder
        case .failedPayments: \.failedPayments
        case .blacklistedIP, .blacklistedBuyer, .blacklistedDevice, .amountMismatch, .belowCost: nil
        }
    }

    /// `rule`'s threshold; nil for the yes/no rules. Read by a switch rather than through `keyPath(for:)`:
    /// the engine reads nine per order at intake, and each key path was an allocation and a generic lookup.
    public subscript(rule: RiskRule) -> RiskThreshold? {
        switch rule {
        case .ipVelocity: ipVelocity
        case .buyerVelocity: buyerVelocity
        case .deviceVelocity: deviceVelocity
        case .buyersPerDevice: buyersPerDevice
        case .buyersPerIP: buyersPerIP
        case .amountCap: amountCap
        case .quantityCap: quantityCap
        case .newBuyerLargeOrder: newBuyerLargeOrder
        case .failedPayments: failedPayments
        case .blacklistedIP, .blacklistedBuyer, .blacklistedDevice, .amountMismatch, .belowCost: nil
        }
    }

    /// What `rule` adds to the score when it fires.
    public func weight(of rule: RiskRule) -> Int {
        switch rule {
        case .blacklistedIP, .blacklistedBuyer, .blacklistedDevice: blacklistWeight
        case .amountMismatch: amountMismatchWeight
        case .belowCost: belowCostWeight
        default: self[rule]?.weight ?? 0
        }
    }
}
