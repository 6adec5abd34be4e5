import Foundation
import KamengStorage
import Logging

/// Every few seconds: the traffic counts into the store (the console reads them), and the outbox
/// backlog into the metrics. A last flush on stop.
final class TrafficFlusher: @unchecked Sendable {
    private let server: ServerContext
    private let interval: Duration
    private let wakeup = Wakeup()
    private let lock = NSLock()
    private var stopped = false

    init(server: ServerContext, interval: Duration = .seconds(2)) {
        self.server = server
        self.interval = interval
    }

    func stop() {
        lock.withLock { stopped = true }
        wakeup.signal()
    }

    func run() async {
        while !lock.withLock({ stopped }) {
            await wakeup.wait(upTo: interval)
            await flush()
        }
    }

    func flush() async {
        let counts = server.traffic.drain()
        let now = Date()
        do throws(StoreError) {
            if !counts.isEmpty { try await server.engine.recordAPITraffic(counts, at: now) }
        } catch {
            server.traffic.restore(counts)
            server.logger.warning("traffic flush failed", metadata: ["error": "\(error)"])
        }
        do throws(StoreError) {
            let tallies = try await server.engine.apiTraffic(since: now)
            server.metrics.backlog(tallies.values.reduce(0) { $0 + $1.backlog })
        } catch {
            server.logger.debug("outbox backlog read failed", metadata: ["error": "\(error)"])
        }
    }
}
