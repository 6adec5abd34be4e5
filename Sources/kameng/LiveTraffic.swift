import Foundation
import KamengDomain
import KamengSQLite
import KamengStorage
import KamengVault

/// The demo's live traffic, fed through the real intake: the domain's simulator makes orders, payments
/// and heartbeats; each is signed with its substation's API secret and written, at its own moment, to a
/// pipe that the engine's `ingest` reads exactly as it reads a JSON Lines file.
final class LiveTraffic: @unchecked Sendable {
    private let store: any KamengEngine
    private let actor: Staff
    private let settings: SimulationSettings
    private let rules: RiskRules
    private let lock = NSLock()
    private var stopped = false
    private var writeEnd: Int32 = -1
    private let finished = DispatchSemaphore(value: 0)
    private(set) var summary: IntakeSummary?
    private(set) var failure: (any Error)?

    init(store: any KamengEngine, actor: Staff, ordersPerSecond: Double, seed: UInt64, rules: RiskRules = .defaults, start: Date = Date()) {
        self.store = store
        self.actor = actor
        self.settings = SimulationSettings.demo(start: start, ordersPerSecond: ordersPerSecond, seed: seed)
        self.rules = rules
    }

    /// Starts the writer and the ingesting reader; returns once the substations' secrets are read.
    func start() throws {
        let secrets = try readSecrets()
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw CLIError(message: "simulate: cannot create a pipe (\(String(cString: strerror(errno))))", code: 1) }
        writeEnd = fds[1]
        let readEnd = fds[0], store = self.store, actor = self.actor
        var intakeOptions = IntakeOptions(rules: rules, source: "simulator")
        intakeOptions.groupMillis = 20
        let options = intakeOptions, keys = secrets
        // The intake reads the pipe for as long as the traffic runs: on a thread of its own, not on one
        // of the cooperative pool's few threads, which the console's engine calls need meanwhile.
        Task(executorPreference: OwnThreadExecutor(name: "kameng intake")) { [self] in
            do { summary = try await store.ingest(.fileDescriptor(readEnd), options: options, by: actor, onGroup: nil) } catch { failure = error }
            close(readEnd)
            finished.signal()
        }
        let settings = self.settings
        Thread { [self] in
            var simulator = TrafficSimulator(settings: settings)
            events: while let event = simulator.next() {
                // Each event goes in at its own moment; a stop is noticed within a quarter second.
                while event.at.timeIntervalSinceNow > 0 {
                    if isStopped { break events }
                    Thread.sleep(forTimeInterval: min(event.at.timeIntervalSinceNow, 0.25))
                }
                if isStopped { break }
                guard let secret = keys[event.substation], let payload = Self.payload(event) else { continue }
                let line = IntakeSigner.line(payload, substation: event.substation, secret: secret) + "\n"
                let written = line.utf8CString.withUnsafeBufferPointer { buffer in write(writeEnd, buffer.baseAddress, buffer.count - 1) }
                if written < 0 { break }
            }
            closeWriter()
        }.start()
    }

    /// Each simulated substation's API secret, read once (audited) before any traffic flows.
    /// `start()` is synchronous for its callers, so it waits here for the engine: the reads run on a
    /// thread of their own, never needing a thread of the cooperative pool the caller may be holding.
    private func readSecrets() throws -> [String: String] {
        let store = self.store, actor = self.actor, codes = settings.substations.map(\.code)
        let done = DispatchSemaphore(value: 0)
        let answer = SecretsAnswer()
        Task(executorPreference: OwnThreadExecutor(name: "kameng secrets")) {
            do throws(StoreError) {
                // The demo's own read: viewing one secret now takes an admin's step-up code.
                let all = try await store.demoSubstationSecrets(by: actor)
                answer.result = .success(all.filter { codes.contains($0.key) })
            } catch {
                answer.result = .failure(error)
            }
            done.signal()
        }
        done.wait()
        return try answer.result!.get()
    }

    /// Stops the traffic and waits for the intake to commit what it has read.
    @discardableResult
    func stop() -> IntakeSummary? {
        lock.withLock { stopped = true }
        closeWriter()
        finished.wait()
        return summary
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    private func closeWriter() {
        lock.withLock {
            if writeEnd >= 0 { close(writeEnd); writeEnd = -1 }
        }
    }

    static func payload(_ event: SimulatedEvent) -> IntakePayload? {
        switch event {
        case let .order(_, orderNo, sku, quantity, amountFen, buyer, ip, device, at):
            return .order(IntakeOrder(orderNo: orderNo, product: sku, quantity: quantity, amount: Money(fen: amountFen),
                                      buyer: buyer, ip: ip, device: device, at: at))
        case let .payment(_, orderNo, amountFen, method, txn, at):
            return .payment(IntakePayment(orderNo: orderNo, amount: Money(fen: amountFen), method: method, txn: txn, at: at))
        case let .heartbeat(_, at, callbacks, failures, p95, ordersLastHour):
            return .heartbeat(IntakeHeartbeat(at: at, callbacks: callbacks, callbackFailures: failures, deliveryP95Ms: p95,
                                              ordersLastHour: ordersLastHour))
        }
    }
}

/// Where `readSecrets` leaves its answer (written before the semaphore is signalled, read after).
private final class SecretsAnswer: @unchecked Sendable {
    var result: Result<[String: String], StoreError>?
}

/// A task executor that runs its jobs on one thread of its own, for a task that blocks for long (the
/// intake reading a pipe): the cooperative pool is only as wide as the machine has cores.
private final class OwnThreadExecutor: TaskExecutor, @unchecked Sendable {
    private let queue: DispatchQueue

    init(name: String) { queue = DispatchQueue(label: name) }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
