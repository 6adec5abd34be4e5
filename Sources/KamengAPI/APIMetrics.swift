import Foundation
import Prometheus

/// The server's Prometheus metrics (`GET /metrics` on the admin listener). The names are listed in
/// Docs/API.md; a label value is always one of a few fixed words or a status code, never outside text.
final class APIMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let queueDepth: Gauge
    private let outboxBacklog: Gauge
    private let groupLines: ValueHistogram
    private let deliveries: Counter

    static let latencyBuckets: [Duration] = [.milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(20),
                                             .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5)]

    init() {
        queueDepth = registry.makeGauge(descriptor: .init(namespace: "kameng", subsystem: "api", metricName: "queue", unitName: "lines",
                                                         helpText: "Intake lines accepted and not yet answered"))
        outboxBacklog = registry.makeGauge(descriptor: .init(namespace: "kameng", subsystem: "outbox", metricName: "backlog", unitName: "",
                                                            helpText: "Notices not yet delivered"))
        groupLines = registry.makeValueHistogram(descriptor: .init(namespace: "kameng", subsystem: "api", metricName: "group", unitName: "lines",
                                                                   helpText: "Lines per durable intake group"),
                                                 buckets: [1, 2, 5, 10, 20, 50, 100, 200, 500])
        deliveries = registry.makeCounter(descriptor: .init(namespace: "kameng", subsystem: "api", metricName: "deliveries", unitName: "total",
                                                           helpText: "Orders delivered by payments that came through the API"))
    }

    /// One answered request: by route (`events`, `order`, `other`) and status code.
    func request(route: String, status: Int, duration: Duration) {
        registry.makeCounter(descriptor: .init(namespace: "kameng", subsystem: "api", metricName: "requests", unitName: "total",
                                               helpText: "Requests answered, by route and status"),
                             labels: [("route", route), ("status", String(status))]).increment()
        registry.makeDurationHistogram(descriptor: .init(namespace: "kameng", subsystem: "api", metricName: "request_duration", unitName: "seconds",
                                                         helpText: "From request head to answer, by route"),
                                       labels: [("route", route)], buckets: Self.latencyBuckets).record(duration)
    }

    func lines(status: String, count: Int) {
        guard count > 0 else { return }
        registry.makeCounter(descriptor: .init(namespace: "kameng", subsystem: "api", metricName: "lines", unitName: "total",
                                               helpText: "Intake lines answered, by status"),
                             labels: [("status", status)]).increment(by: Int64(count))
    }

    func group(lines: Int, delivered: Int) {
        groupLines.record(Double(lines))
        if delivered > 0 { deliveries.increment(by: Int64(delivered)) }
    }

    func queue(_ depth: Int) { queueDepth.set(to: Double(depth)) }
    func backlog(_ notices: Int) { outboxBacklog.set(to: Double(notices)) }

    /// A notice attempt's result: `delivered`, `failed` or `gave_up`.
    func notice(_ result: String) {
        registry.makeCounter(descriptor: .init(namespace: "kameng", subsystem: "outbox", metricName: "sends", unitName: "total",
                                               helpText: "Notice attempts, by result"),
                             labels: [("result", result)]).increment()
    }

    func text() -> [UInt8] { registry.emitToBuffer() }
}
