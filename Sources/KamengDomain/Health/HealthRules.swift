/// The health thresholds. Defaults are documented in Docs/Health.md; the config file's `[health]` table
/// overrides them. Rates are in basis points (500 = 5%) so comparisons stay exact integer arithmetic.
public struct HealthRules: Hashable, Sendable, Codable {
    /// Down when the latest heartbeat is older than this. Heartbeats come every 30–60 s, so five
    /// minutes is several missed in a row, not one late packet.
    public var offlineAfterMinutes: Int = 5

    /// Callback failures are counted over the heartbeats of this many recent minutes.
    public var callbackWindowMinutes: Int = 15
    /// Fewer callbacks than this in the window say nothing about a rate: 1 failure in 2 is not an outage,
    /// 3 in 10 is.
    public var callbackMinCount: Int = 10
    /// Warn above 5% failed callbacks, down above 20%.
    public var callbackWarnBasisPoints: Int = 500
    public var callbackDownBasisPoints: Int = 2_000

    /// Warn when delivery p95 is over the 5 s peers promise; down when it is over 30 s.
    public var deliveryWarnMs: Int = 5_000
    public var deliveryDownMs: Int = 30_000

    /// Warn when the last hour's orders fall below this percentage of the baseline.
    public var collapsePercent: Int = 30
    /// A baseline under this many orders per hour is too thin to call a drop a collapse.
    public var collapseMinBaseline: Int = 20
    /// The baseline needs at least this many of the previous 24 hours to have a heartbeat.
    public var collapseMinHours: Int = 12

    /// Warn when the term ends in less than this many days; down once it has ended.
    public var expiryWarnDays: Int = 7

    /// Notices to the shop: warn when this many have failed and are still undelivered, or when the
    /// oldest undelivered one has waited this many minutes; down at the second pair. The sender retries
    /// within seconds at first, so a notice 15 minutes old has failed several times.
    public var notifyWarnFailing: Int = 10
    public var notifyDownFailing: Int = 100
    public var notifyWarnMinutes: Int = 15
    public var notifyDownMinutes: Int = 120

    public init() {}

    public static let defaults = HealthRules()
}
