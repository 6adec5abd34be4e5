/// One rule's setting: the most it allows before it fires, and the weight it adds to the score when it does.
public struct RiskThreshold: Hashable, Sendable, Codable {
    /// The most the rule allows: it fires only when the observed value is greater than this, so a limit of
    /// 10 orders lets the tenth through and catches the eleventh.
    public var limit: Int64
    /// Added to the order's score when the rule fires; 0 makes a rule that only reports.
    public var weight: Int
    /// A disabled rule never fires.
    public var enabled: Bool

    public init(limit: Int64, weight: Int, enabled: Bool = true) {
        self.limit = limit
        self.weight = weight
        self.enabled = enabled
    }
}

/// The risk configuration: every rule's limit and weight, the window counts are taken over, and the score
/// at which an order is held for a person. Defaults are documented in Docs/Risk.md; the config file's
/// `[risk]` table overrides them.
public struct RiskRules: Hashable, Sendable, Codable {
    /// The sliding window for velocity and many-buyers counts.
    public var windowSeconds: Int = 600
    /// Orders scoring this much or more wait in the risk queue.
    public var holdScore: Int = 60

    public var ipVelocity = RiskThreshold(limit: 10, weight: 40)
    public var buyerVelocity = RiskThreshold(limit: 8, weight: 30)
    public var deviceVelocity = RiskThreshold(limit: 10, weight: 30)
    public var buyersPerDevice = RiskThreshold(limit: 3, weight: 50)
    public var buyersPerIP = RiskThreshold(limit: 5, weight: 30)
    /// In fen: an order over ¥2,000 is looked at.
    public var amountCap = RiskThreshold(limit: 200_000, weight: 40)
    public var quantityCap = RiskThreshold(limit: 10, weight: 30)
    /// In fen: a first order over ¥500.
    public var newBuyerLargeOrder = RiskThreshold(limit: 50_000, weight: 30)
    public var failedPayments = RiskThreshold(limit: 3, weight: 40)
    public var blacklistWeight: Int = 100
    public var amountMismatchWeight: Int = 100
    /// An order priced below its substation's charge: 100 holds it with the default hold score.
    public var belowCostWeight: Int = 100

    public init() {}

    public static let defaults = RiskRules()
}
