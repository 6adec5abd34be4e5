/// The stock forecast settings. Defaults are documented in Docs/Forecast.md;
/// the config file's `[forecast]` table overrides them.
public struct ForecastRules: Hashable, Sendable, Codable {
    /// Average daily sales are taken over this many most recent days.
    public var salesWindowDays: Int = 7
    /// A product with less cover than this alerts even while above its low-stock threshold: a
    /// threshold set for a slow month is too low when sales double.
    public var coverWarnDays: Int = 3
    /// Available keys expiring within this many days are counted as "expiring soon".
    public var expiringWithinDays: Int = 14

    public init() {}

    public static let defaults = ForecastRules()
}
