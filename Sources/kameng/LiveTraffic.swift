import Foundation
import KamengDomain
import KamengSQLite
import KamengStorage
import KamengVault

/// The demo's live traffic: the domain's simulator makes orders, payments and heartbeats; each is signed
/// with its substation's API secret and handed, at its own moment, to a sink: the in-process intake
/// (`IntakePipeSink`, a pipe the engine's `ingest` reads as it reads a JSON Lines file) or a server over
/// HTTP (`HTTPTrafficSink`, as the shops send them).
final class LiveTraffic: @unchecked Sendable {
    private let settings: SimulationSettings
    private let secrets: [String: String]
    private let sink: any TrafficSink
    /// Every event sent as this one substation (`simulate --url --substation CODE`); nil keeps the demo's codes.
    private let onlyAs: String?
    private let lock = NSLock()
    private var stopped = false
    private let writerDone = DispatchSemaphore(value: 0)
    private(set) var summary: IntakeSummary?
    var failure: (any Error)? { sink.failure }

    init(secrets: [String: String], sink: any TrafficSink, ordersPerSecond: Double, seed: UInt64, onlyAs: String? = nil,
         start: Date = Date()) {
        self.settings = SimulationSettings.demo(start: start, ordersPerSecond: ordersPerSecond, seed: seed)
        self.secrets = secrets
        self.sink = sink
        self.onlyAs = onlyAs
    }

    /// The demo's traffic through the in-process intake, its secrets read from the demo database.
    convenience init(store: any KamengEngine, actor: Staff, ordersPerSecond: Double, seed: UInt64, rules: RiskRules = .defaults,
                     start: Date = Date()) throws {
        let sink = try IntakePipeSink(store: store, actor: actor, rules: rules)
        self.init(secrets: try Self.demoSecrets(store: store, actor: actor), sink: sink, ordersPerSecond: ordersPerSecond, seed: seed,
                  start: start)
    }

    /// Starts the simulator's thread.
    func start() throws {
        try sink.start()
        let settings = self.settings, secrets = self.secrets, onlyAs = self.onlyAs, sink = self.sink
        Thread { [self] in
            var simulator = TrafficSimulator(settings: settings)
            events: while let event = simulator.next() {
                // Each event goes in at its own moment; a stop is noticed within a quarter second.
                while event.at.timeIntervalSinceNow > 0 {
                    if isStopped { break events }
                    Thread.sleep(forTimeInterval: min(event.at.timeIntervalSinceNow, 0.25))
                }
                if isStopped { break }
                let code = onlyAs ?? event.substation
                guard let secret = secrets[code], let payload = Self.payload(event) else { continue }
                if !sink.send(IntakeSigner.line(payload, substation: code, secret: secret), substation: code, kind: Self.kind(event)) { break }
            }
            writerDone.signal()
        }.start()
    }

    /// Stops the traffic and waits for what was sent to be applied (or answered).
    @discardableResult
    func stop() -> IntakeSummary? {
        let first = lock.withLock {
            defer { stopped = true }
            return !stopped
        }
        guard first else { return summary }
        writerDone.wait()
        summary = sink.finish()
        return summary
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    /// Every demo substation's API secret, in one audited read before any traffic flows (refused on a
    /// database the demo did not build). Callers are synchronous, so it waits here for the engine: the
    /// read runs on a thread of its own, never needing a thread of the cooperative pool the caller may hold.
    static func demoSecrets(store: any KamengEngine, actor: Staff) throws -> [String: String] {
        let done = DispatchSemaphore(value: 0)
        let answer = SecretsAnswer()
        Task(executorPreference: OwnThreadExecutor(name: "kameng secrets")) {
            do throws(StoreError) {
                answer.result = .success(try await store.demoSubstationSecrets(by: actor))
            } catch {
                answer.result = .failure(error)
            }
            done.signal()
        }
        done.wait()
        return try answer.result!.get()
    }

    static func kind(_ event: SimulatedEvent) -> TrafficKind {
        switch event {
        case .order: .order
        case .payment: .payment
        case .heartbeat: .heartbeat
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

/// What kind of event a line carries, so an HTTP sink can count the answers as `ingest` counts lines.
enum TrafficKind: Sendable { case order, payment, heartbeat }

/// Where the simulator's signed lines go.
protocol TrafficSink: AnyObject, Sendable {
    func start() throws
    /// One signed line (no newline), from the simulator's thread; false once the sink can take no more.
    func send(_ line: String, substation: String, kind: TrafficKind) -> Bool
    /// No more lines: waits until those sent are applied, and returns their summary.
    func finish() -> IntakeSummary?
    var failure: (any Error)? { get }
}

/// The in-process intake: lines written to a pipe that the engine's `ingest` reads on a thread of its own.
final class IntakePipeSink: TrafficSink, @unchecked Sendable {
    private let store: any KamengEngine
    private let actor: Staff
    private let rules: RiskRules
    private let lock = NSLock()
    private var writeEnd: Int32 = -1
    private let finished = DispatchSemaphore(value: 0)
    private var summary: IntakeSummary?
    private(set) var failure: (any Error)?

    init(store: any KamengEngine, actor: Staff, rules: RiskRules) throws {
        self.store = store
        self.actor = actor
        self.rules = rules
    }

    func start() throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw CLIError(message: "simulate: cannot create a pipe (\(String(cString: strerror(errno))))", code: 1) }
        writeEnd = fds[1]
        let readEnd = fds[0], store = self.store, actor = self.actor
        var intakeOptions = IntakeOptions(rules: rules, source: "simulator")
        intakeOptions.groupMillis = 20
        let options = intakeOptions
        // The intake reads the pipe for as long as the traffic runs: on a thread of its own, not on one
        // of the cooperative pool's few threads, which the console's engine calls need meanwhile.
        Task(executorPreference: OwnThreadExecutor(name: "kameng intake")) { [self] in
            do { summary = try await store.ingest(.fileDescriptor(readEnd), options: options, by: actor, onGroup: nil) } catch { failure = error }
            close(readEnd)
            finished.signal()
        }
    }

    func send(_ line: String, substation: String, kind: TrafficKind) -> Bool {
        let line = line + "\n"
        let fd = lock.withLock { writeEnd }
        guard fd >= 0 else { return false }
        return line.utf8CString.withUnsafeBufferPointer { buffer in write(fd, buffer.baseAddress, buffer.count - 1) } >= 0
    }

    func finish() -> IntakeSummary? {
        lock.withLock {
            if writeEnd >= 0 { close(writeEnd); writeEnd = -1 }
        }
        finished.wait()
        return summary
    }
}

/// Where `demoSecrets` leaves its answer (written before the semaphore is signalled, read after).
private final class SecretsAnswer: @unchecked Sendable {
    var result: Result<[String: String], StoreError>?
}

/// A task executor that runs its jobs on one thread of its own, for a task that blocks for long (the
/// intake reading a pipe): the cooperative pool is only as wide as the machine has cores.
final class OwnThreadExecutor: TaskExecutor, @unchecked Sendable {
    private let queue: DispatchQueue

    init(name: String) { queue = DispatchQueue(label: name) }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
