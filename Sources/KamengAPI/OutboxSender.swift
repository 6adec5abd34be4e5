import AsyncHTTPClient
import Foundation
import KamengDomain
import KamengStorage
import Logging
import NIOCore

/// Delivers the outbox: each due notice POSTed to its shop, signed, with the keys sealed when the order
/// is delivered. A `2xx` ends it; anything else is tried again with exponential backoff and jitter until
/// `notifyRetryHours` after the notice was written, then given up (`kameng outbox retry` restarts it).
/// At most `notifyInFlightPerSubstation` notices of one shop are in flight, so a slow shop holds only its own.
final class OutboxSender: @unchecked Sendable {
    private let engine: any KamengEngine
    private let settings: APISettings
    private let metrics: APIMetrics
    private let logger: Logger
    let wakeup = Wakeup()
    private let lock = NSLock()
    private var stopped = false
    private var inFlight: Set<Int64> = []
    private var perSubstation: [String: Int] = [:]

    init(engine: any KamengEngine, settings: APISettings, metrics: APIMetrics, logger: Logger) {
        self.engine = engine
        self.settings = settings
        self.metrics = metrics
        self.logger = logger
    }

    func stop() {
        lock.withLock { stopped = true }
        wakeup.signal()
    }

    func run() async {
        let client = HTTPClient(eventLoopGroupProvider: .singleton,
                                configuration: .init(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(5))))
        await withDiscardingTaskGroup { group in
            while !lock.withLock({ stopped }) {
                do throws(StoreError) {
                    let due = try await engine.dueNotices(now: Date(), perSubstation: max(1, settings.notifyInFlightPerSubstation), limit: 256)
                    for notice in due where claim(notice.notice) {
                        group.addTask { await self.send(notice, client: client) }
                    }
                } catch {
                    logger.warning("outbox: reading due notices failed", metadata: ["error": "\(error)"])
                }
                await wakeup.wait(upTo: .seconds(1))
            }
            // Leaving the group waits for what is in flight (each bounded by its timeout); the rest stays
            // in the outbox for the next start.
        }
        try? await client.shutdown()
    }

    private func claim(_ notice: OutboxNotice) -> Bool {
        lock.withLock {
            guard !inFlight.contains(notice.id), perSubstation[notice.substation, default: 0] < max(1, settings.notifyInFlightPerSubstation)
            else { return false }
            inFlight.insert(notice.id)
            perSubstation[notice.substation, default: 0] += 1
            return true
        }
    }

    private func release(_ notice: OutboxNotice) {
        lock.withLock {
            inFlight.remove(notice.id)
            perSubstation[notice.substation, default: 1] -= 1
            if perSubstation[notice.substation] == 0 { perSubstation[notice.substation] = nil }
        }
        wakeup.signal()
    }

    private func send(_ due: NoticeToSend, client: HTTPClient) async {
        defer { release(due.notice) }
        let notice = due.notice
        var keys: SealedKeys?
        if due.status == .delivered, let delivered = due.keys {
            keys = DeliverySeal.seal(delivered, secret: due.secret, substation: notice.substation, orderNo: notice.orderNo)
        }
        let body = APIJSON.encode(NoticeBody(id: notice.id, type: notice.type.rawValue, orderNo: notice.orderNo, status: due.status.rawValue, keys: keys))
        let timestamp = Int(Date().timeIntervalSince1970)
        var request = HTTPClientRequest(url: due.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "X-Kameng-Notice-Id", value: String(notice.id))
        request.headers.add(name: "X-Kameng-Timestamp", value: String(timestamp))
        request.headers.add(name: "X-Kameng-Signature", value: RequestSigning.notice(secret: due.secret, timestamp: timestamp, body: body))
        request.body = .bytes(ByteBuffer(bytes: body))
        var failure: String?
        do {
            let response = try await client.execute(request, timeout: .seconds(Int64(max(1, settings.notifyTimeoutSeconds))))
            // Only the status matters; a shop's body is drained, not read.
            _ = try? await response.body.collect(upTo: 64 << 10)
            if !(200..<300).contains(Int(response.status.code)) { failure = "HTTP \(response.status.code)" }
        } catch {
            failure = Self.describe(error)
        }
        let now = Date()
        do throws(StoreError) {
            if let failure {
                let next = nextAttempt(after: notice, at: now)
                try await engine.noticeFailed(id: notice.id, error: failure, nextAttemptAt: next, at: now)
                metrics.notice(next == nil ? "gave_up" : "failed")
                logger.notice("notice not delivered", metadata: ["notice": "\(notice.id)", "substation": "\(notice.substation)",
                                                                 "error": "\(failure)", "retry": "\(next.map { RFC3339.string($0) } ?? "no")"])
            } else {
                try await engine.noticeDelivered(id: notice.id, at: now)
                metrics.notice("delivered")
            }
        } catch {
            logger.error("outbox: recording an attempt failed", metadata: ["notice": "\(notice.id)", "error": "\(error)"])
        }
    }

    /// Exponential from `retryBaseSeconds`, capped at `retryMaxSeconds`, with jitter (half to all of
    /// it) so shops that failed together do not retry together; nil once the retry window has passed.
    func nextAttempt(after notice: OutboxNotice, at now: Date) -> Date? {
        let attempt = notice.attempts + 1
        let exponential = settings.retryBaseSeconds * pow(2, Double(min(attempt - 1, 40)))
        let delay = min(settings.retryMaxSeconds, exponential) * Double.random(in: 0.5...1.0)
        let next = now.addingTimeInterval(delay)
        return next > notice.createdAt.addingTimeInterval(Double(settings.notifyRetryHours) * 3600) ? nil : next
    }

    /// A failure in words for `kameng outbox list`: the kind of error, never a header or a body.
    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError { return TerminalSafe.visible(String(String(describing: error).prefix(120))) }
        return TerminalSafe.visible(String(String(describing: type(of: error)).prefix(120)))
    }
}
