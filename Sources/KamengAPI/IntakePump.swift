import Foundation
import KamengDomain
import KamengStorage
import Logging

/// Owns the one long-lived `ingest` run that every request's lines go through, and tells each request
/// what became of its lines once their group is durable (the engine's `onGroup`). A run that fails is
/// started again; the requests waiting on it get `500` and may send again (intake is idempotent).
final class IntakePump: @unchecked Sendable {
    let feed: IntakeFeed
    private let lock = NSLock()
    private var waiting: [Int: (Waiter, Int)] = [:]
    private var closed = false
    private var running = false
    private let onGroup: @Sendable ([IntakeLineReport]) -> Void

    init(capacity: Int, onGroup: @escaping @Sendable ([IntakeLineReport]) -> Void) {
        feed = IntakeFeed(capacity: capacity)
        self.onGroup = onGroup
    }

    /// What one request waits for: an outcome per submitted line, in submission order.
    final class Waiter: @unchecked Sendable {
        fileprivate var outcomes: [IntakeOutcome?]
        fileprivate var remaining: Int
        fileprivate var failed = false
        fileprivate var continuation: CheckedContinuation<[IntakeOutcome]?, Never>?
        fileprivate var finished = false

        fileprivate init(count: Int) {
            outcomes = Array(repeating: nil, count: count)
            remaining = count
        }
    }

    /// Hands the lines to the run; nil when the queue is full (or the server is stopping).
    func submit(_ lines: [[UInt8]], auditActor: String) -> Waiter? {
        lock.lock()
        defer { lock.unlock() }
        // Registered under the lock the reports take, so a group cannot be reported before its waiter exists.
        guard !closed, let numbers = feed.submit(lines, auditActor: auditActor) else { return nil }
        let waiter = Waiter(count: numbers.count)
        for (index, number) in numbers.enumerated() { waiting[number] = (waiter, index) }
        return waiter
    }

    /// The outcomes once every line is durable, or nil when the run failed under them.
    func outcomes(of waiter: Waiter) async -> [IntakeOutcome]? {
        await withCheckedContinuation { continuation in
            lock.lock()
            if waiter.finished {
                lock.unlock()
                continuation.resume(returning: waiter.failed ? nil : waiter.outcomes.map { $0! })
            } else {
                waiter.continuation = continuation
                lock.unlock()
            }
        }
    }

    var isRunning: Bool { lock.withLock { running } }

    /// Runs `ingest` until `close()` and every submitted line is applied.
    func run(engine: any KamengEngine, owner: Staff, options: IntakeOptions, logger: Logger) async {
        while true {
            lock.withLock { running = true }
            do throws(StoreError) {
                _ = try await engine.ingest(.feed(feed), options: options, by: owner) { [weak self] report in
                    self?.report(report.lines)
                }
                lock.withLock { running = false }
                failAll()
                return
            } catch {
                lock.withLock { running = false }
                logger.error("intake run failed; restarting", metadata: ["error": "\(error)"])
                failAll()
                if lock.withLock({ closed }) { return }
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    /// No more requests; the run ends once the lines already submitted are applied.
    func close() {
        lock.withLock { closed = true }
        feed.close()
    }

    private func report(_ lines: [IntakeLineReport]) {
        var done: [(CheckedContinuation<[IntakeOutcome]?, Never>, [IntakeOutcome])] = []
        lock.lock()
        for line in lines {
            guard let entry = waiting.removeValue(forKey: line.number) else { continue }
            let (waiter, index) = entry
            waiter.outcomes[index] = line.outcome
            waiter.remaining -= 1
            guard waiter.remaining == 0 else { continue }
            waiter.finished = true
            if let continuation = waiter.continuation {
                waiter.continuation = nil
                done.append((continuation, waiter.outcomes.map { $0! }))
            }
        }
        lock.unlock()
        for (continuation, outcomes) in done { continuation.resume(returning: outcomes) }
        onGroup(lines)
    }

    private func failAll() {
        lock.lock()
        var waiters: [ObjectIdentifier: Waiter] = [:]
        for (waiter, _) in waiting.values { waiters[ObjectIdentifier(waiter)] = waiter }
        waiting.removeAll()
        var toResume: [CheckedContinuation<[IntakeOutcome]?, Never>] = []
        for waiter in waiters.values where !waiter.finished {
            waiter.finished = true
            waiter.failed = true
            if let continuation = waiter.continuation {
                waiter.continuation = nil
                toResume.append(continuation)
            }
        }
        lock.unlock()
        for continuation in toResume { continuation.resume(returning: nil) }
    }
}
