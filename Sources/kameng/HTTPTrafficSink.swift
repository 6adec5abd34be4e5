import AsyncHTTPClient
import Foundation
import KamengAPI
import KamengDomain
import KamengStorage

/// The simulator's lines sent as the shops send them: signed `POST /v1/events` requests through
/// `APIClient`, one per substation at a time (so a payment never overtakes its order), each carrying
/// every line of that substation that came in since its last request. The answers are counted as
/// `kameng ingest` counts lines.
final class HTTPTrafficSink: TrafficSink, @unchecked Sendable {
    private let clients: [String: APIClient]
    private let httpClient: HTTPClient
    private let lock = NSLock()
    private var pending: [String: [(line: String, kind: TrafficKind)]] = [:]
    private var closed = false
    private var counted = IntakeSummary()
    private let wake: AsyncStream<Void>.Continuation
    private let wakes: AsyncStream<Void>
    private let done = DispatchSemaphore(value: 0)
    private(set) var failure: (any Error)?

    /// `secrets`: the substations it sends as, by code.
    init(baseURL: String, secrets: [String: String]) {
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
        self.httpClient = httpClient
        clients = secrets.reduce(into: [:]) { result, entry in
            result[entry.key] = APIClient(baseURL: baseURL, substation: entry.key, secret: entry.value, httpClient: httpClient)
        }
        (wakes, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    func start() throws {
        Task { [self] in
            for await _ in wakes { await drain() }
            await drain()
            try? await httpClient.shutdown()
            done.signal()
        }
    }

    func send(_ line: String, substation: String, kind: TrafficKind) -> Bool {
        let open = lock.withLock {
            guard !closed else { return false }
            pending[substation, default: []].append((line, kind))
            return true
        }
        if open { wake.yield() }
        return open
    }

    func finish() -> IntakeSummary? {
        lock.withLock { closed = true }
        wake.finish()
        done.wait()
        return lock.withLock { counted }
    }

    /// Sends everything waiting, one request per substation (at most 500 lines each), until nothing is.
    private func drain() async {
        while true {
            let batch = lock.withLock {
                defer { pending = [:] }
                return pending
            }
            guard !batch.isEmpty else { return }
            await withTaskGroup(of: Void.self) { group in
                for (code, lines) in batch {
                    guard let client = clients[code] else { continue }
                    group.addTask { [self] in
                        var start = 0
                        while start < lines.count {
                            let chunk = Array(lines[start..<min(lines.count, start + 500)])
                            await post(chunk, through: client)
                            start += chunk.count
                        }
                    }
                }
            }
        }
    }

    /// One request; a busy server (`429`, `503`, with its `Retry-After`) or a lost connection is asked
    /// again after a pause, up to a few times, since the lines are idempotent. A request that still
    /// fails, or is refused outright (`401`, `413`…), counts its lines as `http_STATUS` or `request_failed`.
    private func post(_ lines: [(line: String, kind: TrafficKind)], through client: APIClient) async {
        var reason = "request_failed"
        for attempt in 0..<5 {
            do {
                let answer = try await client.postEvents(lines.map(\.line))
                lock.withLock { count(answer, lines) }
                return
            } catch let APIClientError.status(status, _, retryAfter) {
                reason = "http_\(status)"
                guard status == 429 || status == 503 else { break }
                try? await Task.sleep(for: .milliseconds(retryAfter.map { min($0, 5) * 1_000 } ?? (200 << attempt)))
            } catch {
                reason = "request_failed"
                if attempt < 4 { try? await Task.sleep(for: .milliseconds(200 << attempt)) }
            }
        }
        lock.withLock {
            counted.lines += lines.count
            counted.rejected += lines.count
            counted.rejectedByReason[reason, default: 0] += lines.count
        }
    }

    private func count(_ answer: EventsAnswer, _ lines: [(line: String, kind: TrafficKind)]) {
        counted.groups += 1
        for result in answer.results {
            guard lines.indices.contains(result.line - 1) else { continue }
            let kind = lines[result.line - 1].kind
            counted.lines += 1
            switch (result.status, kind) {
            case ("rejected", _):
                counted.rejected += 1
                counted.rejectedByReason[result.reason ?? "unknown", default: 0] += 1
            case ("duplicate", .order): counted.orders.duplicate += 1
            case ("duplicate", .payment): counted.payments.duplicate += 1
            case ("duplicate", .heartbeat): counted.heartbeats.duplicate += 1
            case (_, .order):
                counted.orders.accepted += 1
                if result.order?.status == "flagged" { counted.flagged += 1 }
            case (_, .payment):
                counted.payments.accepted += 1
                switch result.order?.status {
                case "delivered": counted.delivered += 1
                case "awaiting_stock": counted.awaitingStock += 1
                case "flagged": counted.heldPayments += 1
                default: break
                }
            case (_, .heartbeat): counted.heartbeats.accepted += 1
            }
        }
    }
}
