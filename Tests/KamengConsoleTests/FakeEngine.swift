import Foundation
import KamengConsole
import KamengDomain
import KamengImport
import KamengStorage

/// An engine in memory for the console's loop tests: canned orders (newest first) and the other panes'
/// data, a change counter a test moves, an optional delay on the order queries (blocking, as SQLite's
/// work blocks the lane it runs on), and a record of the calls made. What the console's tests never
/// ask for throws, naming the operation.
final class FakeEngine: KamengEngine, @unchecked Sendable {
    private let lock = NSLock()
    private var rows: [OrderSummary]
    private var stock: [StockLevel]
    private var version = 1
    private var requests: [OrderPageKey?] = []
    private var log: [String] = []
    private var failures: [String: StoreError] = [:]
    let delay: Double
    /// When set, every order query waits until it is opened (blocking, as a slow SQLite query would).
    let gate: Gate?
    let isReadOnly = false

    init(rows: [OrderSummary], stock: [StockLevel] = [], delay: Double = 0, gate: Gate? = nil) {
        self.rows = rows
        self.stock = stock
        self.delay = delay
        self.gate = gate
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

    /// The operations called, by name, in order.
    var calls: [String] { lock.withLock { log } }

    /// New orders arrive on top and another connection commits.
    func insertNewest(_ new: [OrderSummary]) {
        lock.withLock { rows = new + rows; version += 1 }
    }

    /// Makes `operation` (a name as `calls` lists it) refuse with `error` from now on.
    func failing(_ operation: String, with error: StoreError) {
        lock.withLock { failures[operation] = error }
    }

    private func record(_ operation: String) throws(StoreError) {
        let failure: StoreError? = lock.withLock {
            log.append(operation)
            return failures[operation]
        }
        if let failure { throw failure }
    }

    private func unsupported(_ operation: String) -> StoreError {
        lock.withLock { log.append(operation) }
        return .storage(code: 0, message: "FakeEngine does not do \(operation)")
    }

    // MARK: What the console's loads ask

    func orders(query: OrderQuery, after: OrderPageKey?, limit: Int) async throws(StoreError) -> [OrderSummary] {
        try record("orders")
        if delay > 0 { usleep(UInt32(delay * 1_000_000)) }
        gate?.wait()
        guard query.isEmpty else { throw unsupported("orders(query:)") }
        return lock.withLock {
            requests.append(after)
            let older = rows.filter { row in
                guard let after else { return true }
                return (row.order.createdAt, row.order.id!) < (after.createdAt, after.id)
            }
            return Array(older.prefix(limit))
        }
    }

    func stockLevels() async throws(StoreError) -> [StockLevel] {
        try record("stockLevels")
        return lock.withLock { stock }
    }

    func dailySales(days: Int, now: Date) async throws(StoreError) -> [String: [Int]] {
        try record("dailySales")
        return [:]
    }

    func stockAlertAcks() async throws(StoreError) -> [String: StockAlertAck] {
        try record("stockAlertAcks")
        return [:]
    }

    func batches(limit: Int) async throws(StoreError) -> [BatchSummary] {
        try record("batches")
        return []
    }

    func substationSignals(since: Date) async throws(StoreError) -> [SubstationSignals] {
        try record("substationSignals")
        return []
    }

    func heldOrders(limit: Int) async throws(StoreError) -> [OrderSummary] {
        try record("heldOrders")
        return lock.withLock { Array(rows.filter { $0.order.status == .flagged }.prefix(limit)) }
    }

    /// Notices from a timer of its own (not Swift's cooperative pool, which parallel tests may be
    /// holding), each time `insertNewest` moved the counter; the first is the baseline.
    func changes(every interval: Duration) -> ChangeNotices {
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

    // MARK: What the console's tests do not ask

    func orders(orderNo: String) async throws(StoreError) -> [OrderSummary] { throw unsupported("orders(orderNo:)") }
    func order(id: Int64) async throws(StoreError) -> Order { throw unsupported("order(id:)") }
    func orderHistory(orderNo: String) async throws(StoreError) -> [AuditEvent] { throw unsupported("orderHistory") }
    func deliveredKeys(orderId: Int64) async throws(StoreError) -> [CardKey] { throw unsupported("deliveredKeys") }
    func deliverManually(orderId: Int64, by actor: Staff) async throws(StoreError) -> DeliveryOutcome { throw unsupported("deliverManually") }
    func refundNeedsStepUp(_ amount: Money) async throws(StoreError) -> Bool { throw unsupported("refundNeedsStepUp") }
    func refund(orderId: Int64, by actor: Staff, stepUp code: String?) async throws(StoreError) { throw unsupported("refund") }
    func decide(_ decision: RiskDecision, orderIds: [Int64], note: String, blacklisting: Set<BlacklistKind>,
                by actor: Staff, stepUp code: String?) async throws(StoreError) -> Int { throw unsupported("decide") }
    func revealKeys(orderId: Int64, reason: String, by actor: Staff, stepUp code: String?) async throws(StoreError) -> [RevealedKey] {
        throw unsupported("revealKeys")
    }
    func exportKeys(_ selection: KeyExportSelection, reason: String, by actor: Staff,
                    stepUp code: String?) async throws(StoreError) -> [ExportedKey] { throw unsupported("exportKeys") }
    func addToBlacklist(_ kind: BlacklistKind, value: String, reason: String, by actor: Staff) async throws(StoreError) -> Bool {
        throw unsupported("addToBlacklist")
    }
    func blacklist() async throws(StoreError) -> [BlacklistEntry] { throw unsupported("blacklist") }
    func products() async throws(StoreError) -> [Product] { throw unsupported("products") }
    func product(sku: String) async throws(StoreError) -> Product { throw unsupported("product(sku:)") }
    func addProduct(_ product: Product, by actor: Staff) async throws(StoreError) -> Product { throw unsupported("addProduct") }
    func acknowledgeStockAlert(sku: String, snoozeUntil: Date?, by actor: Staff) async throws(StoreError) {
        throw unsupported("acknowledgeStockAlert")
    }
    func setLowStockThreshold(sku: String, to threshold: Int, by actor: Staff) async throws(StoreError) {
        throw unsupported("setLowStockThreshold")
    }
    func voidBatch(id: Int64, by actor: Staff, stepUp code: String?) async throws(StoreError) -> Int { throw unsupported("voidBatch") }
    func importFile(_ request: FileImportRequest, by actor: Staff, progress: @escaping @Sendable (ImportProgress) -> Void,
                    isCancelled: @escaping @Sendable () -> Bool) async throws(StoreError) -> ImportOutcome { throw unsupported("importFile") }
    func substations() async throws(StoreError) -> [Substation] { throw unsupported("substations") }
    func openSubstation(_ draft: SubstationDraft, by actor: Staff) async throws(StoreError) -> OpenedSubstation {
        throw unsupported("openSubstation")
    }
    func readSubstationSheet(path: String) async throws(StoreError) -> SubstationSheet { throw unsupported("readSubstationSheet") }
    func openSubstations(_ drafts: [SubstationDraft], from path: String, by actor: Staff) async throws(StoreError) -> SubstationBatchResult {
        throw unsupported("openSubstations")
    }
    func setSubstationStatus(code: String, to status: SubstationStatus, by actor: Staff) async throws(StoreError) {
        throw unsupported("setSubstationStatus")
    }
    func substationSecret(code: String, by actor: Staff) async throws(StoreError) -> String { throw unsupported("substationSecret") }
    func ingest(_ input: IntakeInput, options: IntakeOptions, by actor: Staff,
                onGroup: (@Sendable (IntakeGroupReport) -> Void)?) async throws(StoreError) -> IntakeSummary { throw unsupported("ingest") }
    func staff(userName: String) async throws(StoreError) -> Staff { throw unsupported("staff") }
    func allStaff() async throws(StoreError) -> [Staff] { throw unsupported("allStaff") }
    func addStaff(userName: String, role: Role, by actor: Staff, stepUp code: String?) async throws(StoreError) -> Staff {
        throw unsupported("addStaff")
    }
    func hasAuthenticator(_ actor: Staff) async throws(StoreError) -> Bool { throw unsupported("hasAuthenticator") }
    func enrolTOTP(for actor: Staff, stepUp code: String?) async throws(StoreError) -> TOTPEnrolment { throw unsupported("enrolTOTP") }
    func enrolDemoTOTP(for actor: Staff) async throws(StoreError) -> TOTPEnrolment { throw unsupported("enrolDemoTOTP") }
    func resetTOTP(userName: String, by actor: Staff, stepUp code: String?) async throws(StoreError) { throw unsupported("resetTOTP") }
    func securitySettings() async throws(StoreError) -> SecuritySettings { throw unsupported("securitySettings") }
    func setSecuritySettings(_ settings: SecuritySettings, by actor: Staff, stepUp code: String?) async throws(StoreError) {
        throw unsupported("setSecuritySettings")
    }
    func verifyAudit(by actor: Staff) async throws(StoreError) -> AuditVerification { throw unsupported("verifyAudit") }
    func auditTail(limit: Int, by actor: Staff) async throws(StoreError) -> [AuditEvent] { throw unsupported("auditTail") }
    func integrityCheck() async throws(StoreError) -> String { throw unsupported("integrityCheck") }
    func checkpoint() async throws(StoreError) { throw unsupported("checkpoint") }
    func seedDemo(size: DemoSize, seed: UInt64, anchor: Date, by actor: Staff,
                  progress: @escaping @Sendable (String) -> Void) async throws(StoreError) -> DemoSummary { throw unsupported("seedDemo") }
    func demoSummary(now: Date) async throws(StoreError) -> DemoSummary { throw unsupported("demoSummary") }
    func rotateKeyFile(at keyFilePath: String, by actor: Staff) async throws(StoreError) -> KeyRotationResult {
        throw unsupported("rotateKeyFile")
    }
}

/// A dispatch timer reading a counter, calling `yield` when it moved (and with nil once it cannot be read).
private final class NoticeTimer: @unchecked Sendable {
    private let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "fake-engine.changes"))
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

extension ConsoleSession {
    /// A session over `engine` as an admin of it (the loop tests act as staff).
    static func fake(_ engine: FakeEngine, staff: Staff? = Staff(id: 1, userName: "tester", role: .admin)) -> ConsoleSession {
        ConsoleSession(engine: engine, staff: staff, userName: "tester")
    }
}
