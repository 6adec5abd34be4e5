import Foundation
import KamengDomain
import KamengStore

/// The demo's live traffic, fed through the real intake: the domain's simulator makes orders, payments
/// and heartbeats; each is signed with its substation's API secret and written, at its own moment, to a
/// pipe that `store.ingest` reads exactly as it reads a JSON Lines file.
final class LiveTraffic: @unchecked Sendable {
    private let store: KamengStore
    private let actor: Staff
    private let settings: SimulationSettings
    private let rules: RiskRules
    private let lock = NSLock()
    private var stopped = false
    private var writeEnd: Int32 = -1
    private let finished = DispatchSemaphore(value: 0)
    private(set) var summary: IntakeSummary?
    private(set) var failure: (any Error)?

    init(store: KamengStore, actor: Staff, ordersPerSecond: Double, seed: UInt64, rules: RiskRules = .defaults, start: Date = Date()) {
        self.store = store
        self.actor = actor
        self.settings = SimulationSettings.demo(start: start, ordersPerSecond: ordersPerSecond, seed: seed)
        self.rules = rules
    }

    /// Starts the writer and the ingesting reader; returns at once.
    func start() throws {
        // Secrets are read once (each read is audited), before any traffic flows.
        var secrets: [String: String] = [:]
        for station in settings.substations { secrets[station.code] = try store.substationSecret(code: station.code, by: actor) }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw CLIError(message: "simulate: cannot create a pipe (\(String(cString: strerror(errno))))", code: 1) }
        writeEnd = fds[1]
        let readEnd = fds[0], store = self.store, actor = self.actor
        var intakeOptions = IntakeOptions(rules: rules, source: "simulator")
        intakeOptions.groupMillis = 20
        let options = intakeOptions, keys = secrets
        Thread { [self] in
            do { summary = try store.ingest(.fileDescriptor(readEnd), options: options, by: actor) } catch { failure = error }
            close(readEnd)
            finished.signal()
        }.start()
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
