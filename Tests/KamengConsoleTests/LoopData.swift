import Foundation
import KamengConsole
import KamengDomain
import KamengStorage
import KamengTestSupport
import Testing

/// What the loop tests' console reads, in memory: canned orders (newest first), stock, a change counter
/// a test moves, an optional gate that holds every order page (blocking, as SQLite's work blocks the
/// lane it runs on), and a record of the calls made. `clients` answers the loads every pane makes at
/// start; any other call fails the test by name (`UnexpectedCalls`).
final class LoopData: @unchecked Sendable {
    private let lock = NSLock()
    private var rows: [OrderSummary]
    private var version = 1
    private var requests: [OrderPageKey?] = []
    private var log: [String] = []
    private var failures: [String: StoreError] = [:]
    private let stock: [StockLevel]
    /// When set, every order page waits until it is opened.
    let gate: Gate?
    let unexpected: UnexpectedCalls

    init(rows: [OrderSummary], stock: [StockLevel] = [], gate: Gate? = nil) {
        self.rows = rows
        self.stock = stock
        self.gate = gate
        unexpected = UnexpectedCalls()
    }

    /// A latch a test opens once it has seen what it waits for: a query held at it cannot finish early.
    final class Gate: @unchecked Sendable {
        private let condition = NSCondition()
        private var opened = false
        var isOpen: Bool { condition.withLock { opened } }
        func open() { condition.withLock { opened = true; condition.broadcast() } }
        func wait() { condition.withLock { while !opened { condition.wait() } } }
    }

    /// The `after` keys of the order pages asked for, in order.
    var pageRequests: [OrderPageKey?] { lock.withLock { requests } }

    /// The calls made, by client and name (`alerts.levels`), in order.
    var calls: [String] { lock.withLock { log } }

    /// New orders arrive on top and another connection commits.
    func insertNewest(_ new: [OrderSummary]) {
        lock.withLock { rows = new + rows; version += 1 }
    }

    /// Makes `call` (a name as `calls` lists it) refuse with `error` from now on.
    func failing(_ call: String, with error: StoreError) {
        lock.withLock { failures[call] = error }
    }

    private func record(_ call: String) throws(StoreError) {
        let failure: StoreError? = lock.withLock {
            log.append(call)
            return failures[call]
        }
        if let failure { throw failure }
    }

    /// The clients of a console over this data: the start's loads answered, everything else unexpected.
    var clients: ConsoleClients {
        var clients = unexpected.clients
        clients.orders.page = { [self] request throws(StoreError) in
            try record("orders.page")
            gate?.wait()
            return lock.withLock {
                requests.append(request.after)
                let older = rows.filter { row in
                    guard let after = request.after else { return true }
                    return (row.order.createdAt, row.order.id!) < (after.createdAt, after.id)
                }
                return Array(older.prefix(request.limit))
            }
        }
        clients.alerts.context = { [self] _ throws(StoreError) in try record("alerts.context"); return ([:], [:]) }
        clients.alerts.levels = { [self] countingExpiry throws(StoreError) in
            try record("alerts.levels")
            // As an engine answers: the expiring keys are counted only when asked for.
            return countingExpiry ? stock : stock.map { level in
                var level = level
                level.expiringWithin7Days = nil
                return level
            }
        }
        clients.imports.batches = { [self] () throws(StoreError) in try record("imports.batches"); return [] }
        clients.imports.levels = { [self] () throws(StoreError) in try record("imports.levels"); return stock }
        clients.substations.health = { [self] _ throws(StoreError) in try record("substations.health"); return [] }
        clients.substations.apiTraffic = { [self] _ throws(StoreError) in try record("substations.apiTraffic"); return [:] }
        clients.risk.held = { [self] () throws(StoreError) in
            try record("risk.held")
            return lock.withLock { rows.filter { $0.order.status == .flagged } }
        }
        clients.risk.tally = { [self] () throws(StoreError) in
            try record("risk.tally")
            return lock.withLock {
                let held = rows.filter { $0.order.status == .flagged }
                return HeldQueueTally(count: held.count, checksum: held.reduce(0) { $0 &+ ($1.order.id ?? 0) &* Int64($1.order.riskScore + 1) })
            }
        }
        clients.risk.related = { [self] summary throws(StoreError) in
            try record("risk.related")
            return RelatedOrders(orderId: summary.order.id ?? 0, sameIP: [], sameBuyer: [], sameDevice: [])
        }
        return clients
    }

    /// Notices from a timer of its own (not Swift's cooperative pool, which parallel tests may be
    /// holding), each time `insertNewest` moved the counter; the first is the baseline.
    var changes: @Sendable (Duration) -> ChangeNotices {
        { [self] interval in
            let (stream, continuation) = AsyncStream.makeStream(of: ChangeNotice.self, bufferingPolicy: .bufferingNewest(1))
            let seconds = Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18
            let timer = NoticeTimer(every: seconds) { [weak self] in
                guard let self else { return nil }
                return lock.withLock { version }
            } yield: { version in
                guard let version else { continuation.finish(); return }
                continuation.yield(ChangeNotice(version: version))
            }
            continuation.onTermination = { _ in timer.cancel() }
            return ChangeNotices(stream)
        }
    }
}

/// A dispatch timer reading a counter, calling `yield` when it moved (and with nil once it cannot be read).
private final class NoticeTimer: @unchecked Sendable {
    private let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "loop-data.changes"))
    private var last: Int?  // only touched on the timer's queue

    init(every seconds: Double, read: @escaping @Sendable () -> Int?, yield: @escaping @Sendable (Int?) -> Void) {
        timer.schedule(deadline: .now(), repeating: seconds)
        timer.setEventHandler { [unowned self] in
            guard let version = read() else { yield(nil); timer.cancel(); return }
            guard version != last else { return }
            last = version
            yield(version)
        }
        timer.resume()
    }

    func cancel() { timer.cancel() }
}

extension ConsoleApp {
    /// A console over `data` in Chinese, Beijing time, the way the loop tests run it.
    convenience init(_ data: LoopData, backend: any TerminalBackend) {
        self.init(state: ConsoleState(language: .zh, timeZone: ConsoleClock.beijing), backend: backend,
                  clients: data.clients, changes: data.changes)
    }
}
