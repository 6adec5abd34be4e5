/// One risk rule: what it watches, in words staff understand.
public enum RiskRule: String, CaseIterable, Hashable, Sendable, Codable {
    case ipVelocity = "ip_velocity"
    case buyerVelocity = "buyer_velocity"
    case deviceVelocity = "device_velocity"
    case buyersPerDevice = "buyers_per_device"
    case buyersPerIP = "buyers_per_ip"
    case amountCap = "amount_cap"
    case quantityCap = "quantity_cap"
    case newBuyerLargeOrder = "new_buyer_large_order"
    case failedPayments = "failed_payments"
    case blacklistedIP = "blacklisted_ip"
    case blacklistedBuyer = "blacklisted_buyer"
    case blacklistedDevice = "blacklisted_device"
    case amountMismatch = "amount_mismatch"
    /// The buyer's amount is below what the substation is charged for the order (Docs/Money.md).
    case belowCost = "below_cost"

    /// A blacklist hit or a payment that does not match the order holds the order whatever the score:
    /// delivering in either case hands cash (card keys) to someone who should not get it.
    public var alwaysHolds: Bool {
        switch self {
        case .blacklistedIP, .blacklistedBuyer, .blacklistedDevice, .amountMismatch: true
        default: false
        }
    }

    /// Whether the rule's observed value and limit are amounts in fen (shown as ¥) rather than counts.
    public var measuresMoney: Bool {
        switch self {
        case .amountCap, .newBuyerLargeOrder, .amountMismatch, .belowCost: true
        default: false
        }
    }
}

/// What a blacklist entry names.
public enum BlacklistKind: String, CaseIterable, Hashable, Sendable, Codable {
    case ip, buyer, device
}

/// A rule that fired on an order: which, how much it weighed, and the figures behind it, so the reason
/// can be put in words (in either language) long after the order was scored.
public struct RiskFinding: Hashable, Sendable, Codable {
    public var rule: RiskRule
    public var weight: Int
    /// What was seen (orders in the window, buyers on the device, fen paid…).
    public var observed: Int64
    /// The most the rule allows before it fires (0 for yes/no rules such as a blacklist hit).
    public var limit: Int64

    public init(rule: RiskRule, weight: Int, observed: Int64, limit: Int64) {
        self.rule = rule
        self.weight = weight
        self.observed = observed
        self.limit = limit
    }
}

/// The verdict on one order: its score, the rules that fired, and whether a person must look at it.
public struct RiskAssessment: Hashable, Sendable {
    public var score: Int
    public var findings: [RiskFinding]
    /// True when a rule fired and the score reaches `RiskRules.holdScore`, or a rule that always holds
    /// fired (`RiskRule.alwaysHolds`).
    public var held: Bool

    public init(score: Int, findings: [RiskFinding], held: Bool) {
        self.score = score
        self.findings = findings
        self.held = held
    }
}
