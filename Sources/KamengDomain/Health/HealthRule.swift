/// One substation health rule: what it watches. The raw values are the ids used in docs and reports.
public enum HealthRule: String, CaseIterable, Hashable, Sendable, Codable {
    /// No heartbeat for longer than `HealthRules.offlineAfterMinutes`.
    case offline
    /// Not one heartbeat on record: a new substation that never connected, or one whose history is gone.
    case noHeartbeat = "no_heartbeat"
    /// Payment callbacks failing over the recent window.
    case callbackFailures = "callback_failures"
    /// The latest reported delivery latency p95 over the promise peers make (5 s).
    case deliveryLatency = "delivery_latency"
    /// Orders in the last hour collapsed against the substation's own baseline.
    case orderRateCollapse = "order_rate_collapse"
    /// Notices to the shop (the outbox) failing or waiting too long: the shop may not know its orders' fate.
    case notifyFailures = "notify_failures"
    /// The substation's term ends soon.
    case expiringSoon = "expiring_soon"
    /// The substation's term has ended.
    case expired
    /// A person suspended the substation.
    case suspended
    /// The substation was closed for good.
    case closed
}

/// How a substation is doing, in increasing order of how urgently on-call must act. Suspended sits
/// below warn: it is a decision someone already took, not an alarm; it still overrides the other
/// findings for the status light, since a suspended shop is expected to be quiet.
public enum HealthLevel: Int, CaseIterable, Comparable, Hashable, Sendable, Codable {
    case ok, suspended, warn, down

    public static func < (a: HealthLevel, b: HealthLevel) -> Bool { a.rawValue < b.rawValue }

    public var id: String {
        switch self {
        case .ok: "ok"
        case .suspended: "suspended"
        case .warn: "warn"
        case .down: "down"
        }
    }

    public func title(chinese: Bool) -> String {
        switch (self, chinese) {
        case (.ok, true): "正常"
        case (.ok, false): "ok"
        case (.suspended, true): "已暂停"
        case (.suspended, false): "suspended"
        case (.warn, true): "告警"
        case (.warn, false): "warning"
        case (.down, true): "故障"
        case (.down, false): "down"
        }
    }
}

/// A health rule that fired: how bad, and the figures behind it, so the reason can be put in words.
/// `limit` is the threshold crossed: the most allowed for rules that fire above it (heartbeat age,
/// failure rate, latency), the least allowed for those that fire below it (order rate, time to expiry).
public struct HealthFinding: Hashable, Sendable, Codable {
    public var rule: HealthRule
    public var level: HealthLevel
    /// Seconds for offline and expiry, basis points (1/100 %) for callback failures, milliseconds for
    /// latency, orders per hour for the order rate; 0 for suspended and closed.
    public var observed: Int64
    public var limit: Int64
    /// For `notify_failures` fired by age: seconds the oldest undelivered notice has waited, and the most
    /// allowed (`observed` and `limit` are then the failing count and its threshold at that level).
    public var waited: Int64?
    public var waitLimit: Int64?

    public init(rule: HealthRule, level: HealthLevel, observed: Int64, limit: Int64, waited: Int64? = nil, waitLimit: Int64? = nil) {
        self.rule = rule
        self.level = level
        self.observed = observed
        self.limit = limit
        self.waited = waited
        self.waitLimit = waitLimit
    }
}

/// The verdict on one substation: its status light, the reasons behind it, and the figures for its row.
public struct HealthReport: Hashable, Sendable {
    public var level: HealthLevel
    public var findings: [HealthFinding]
    /// Seconds since the latest heartbeat; nil when there has never been one.
    public var heartbeatAge: Int64?
    /// Failed ÷ all callbacks in the window, in basis points; nil with no callbacks in the window.
    public var callbackFailureBasisPoints: Int?
    /// The latest heartbeat's delivery p95 and order count.
    public var deliveryP95Ms: Int?
    public var ordersLastHour: Int?
    /// What the order rate is compared with; nil when there is not enough history for one.
    public var orderBaseline: Int?
    /// The outbox figures the report was given; nil when it was given none.
    public var notices: NoticeBacklog?

    public init(level: HealthLevel, findings: [HealthFinding], heartbeatAge: Int64?, callbackFailureBasisPoints: Int? = nil,
                deliveryP95Ms: Int? = nil, ordersLastHour: Int? = nil, orderBaseline: Int? = nil, notices: NoticeBacklog? = nil) {
        self.notices = notices
        self.level = level
        self.findings = findings
        self.heartbeatAge = heartbeatAge
        self.callbackFailureBasisPoints = callbackFailureBasisPoints
        self.deliveryP95Ms = deliveryP95Ms
        self.ordersLastHour = ordersLastHour
        self.orderBaseline = orderBaseline
    }
}
