import Foundation
import KamengDomain
import KamengStorage
import Logging

/// What the routes share: the engine, the limits, the pump, the counters. One per running server.
final class ServerContext: Sendable {
    let engine: any KamengEngine
    let settings: APISettings
    let pump: IntakePump
    let limiter: RateLimiter
    let credentials: CredentialCache
    let traffic = TrafficCounter()
    let metrics: APIMetrics
    let logger: Logger
    /// Nudges the outbox sender after a group that delivered, so a notice leaves without waiting a poll.
    let wakeSender: @Sendable () -> Void
    /// The server's clock (Unix time); tests run on the real one.
    let now: @Sendable () -> Date

    init(engine: any KamengEngine, settings: APISettings, pump: IntakePump, metrics: APIMetrics, logger: Logger,
         wakeSender: @escaping @Sendable () -> Void, now: @escaping @Sendable () -> Date = { Date() }) {
        self.engine = engine
        self.settings = settings
        self.pump = pump
        self.limiter = RateLimiter(rate: settings.requestsPerSecond, burst: settings.burst)
        self.credentials = CredentialCache(engine: engine)
        self.metrics = metrics
        self.logger = logger
        self.wakeSender = wakeSender
        self.now = now
    }
}
