import Foundation

/// The HTTP API's limits and the outbox sender's schedule: `[api]` in config.toml (Docs/API.md lists
/// each key). Defaults suit one host serving a few hundred substations.
public struct APISettings: Sendable, Equatable {
    /// Per substation: requests per second refilled into its token bucket, and the bucket's size.
    public var requestsPerSecond: Double = 500
    public var burst: Int = 1_000
    /// Lines accepted and not yet answered, across all requests; past it a request gets `503`.
    public var queueLines: Int = 20_000
    /// A body larger than this gets `413`.
    public var maxBodyBytes: Int = 1 << 20
    /// Envelopes in one JSON Lines body.
    public var maxLinesPerRequest: Int = 500
    /// A request's timestamp may be this far from the server's clock.
    public var clockSkewSeconds: Int = 300
    /// Fetches of one order's keys through `GET /v1/orders/…` in an hour.
    public var keyFetchesPerHour: Int = 20
    /// A connection that has sent no complete request head in this long, or is idle this long, is closed.
    public var headerTimeoutSeconds: Int = 10
    public var idleTimeoutSeconds: Int = 60
    /// The outbox sender: notices in flight per substation, the time one may take, and how long a
    /// notice is retried (exponential backoff with jitter from `retryBaseSeconds` up to `retryMaxSeconds`).
    public var notifyInFlightPerSubstation: Int = 4
    public var notifyTimeoutSeconds: Int = 10
    public var notifyRetryHours: Int = 24
    public var retryBaseSeconds: Double = 2
    public var retryMaxSeconds: Double = 600

    public init() {}

    public static let defaults = APISettings()
}
