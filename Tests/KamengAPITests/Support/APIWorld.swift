import AsyncHTTPClient
import Foundation
import KamengAPI
import KamengDomain
@testable import KamengSQLite
import KamengStorage
import KamengVault
import Logging
import ServiceLifecycle
import Testing

/// One test's server: a real SQLite engine in a fresh temporary directory, fixtures made through the
/// storage interface, and `kameng serve`'s service on free loopback ports, spoken to over real HTTP.
final class APIWorld: @unchecked Sendable {
    let directory: URL
    let engine: any KamengEngine
    let admin: Staff
    let httpClient: HTTPClient
    private(set) var listening: APIListening
    private(set) var secrets: [String: String] = [:]
    private var group: ServiceGroup
    private var running: Task<Void, any Error>
    private let settings: APISettings
    private let logs: LogCapture?
    private var totp: (secret: Data, lastStep: Int64)?

    /// When fixture orders were placed: 2026-11-23T08:00:00Z.
    static let base = Date(timeIntervalSince1970: 1_795_420_800)
    static let sku = "QQ-COIN-100"

    /// Opens the store (one product with `keys` keys, the substations), then starts the server.
    static func start(settings: APISettings = .defaults, substations: [String] = ["sh-a", "sh-b"], keys: Int = 20,
                      logs: LogCapture? = nil,
                      prepare: (APIWorld.Fixtures) async throws -> Void = { _ in }) async throws -> APIWorld {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kameng-api-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("db"), withIntermediateDirectories: true)
        let engine = try SQLiteEngine.create(at: directory.appendingPathComponent("db/kameng.sqlite").path,
                                             keyFilePath: directory.appendingPathComponent("keys/master.key").path, adminUser: "alice")
        let admin = try await engine.staff(userName: "alice")
        let fixtures = Fixtures(directory: directory, engine: engine, admin: admin)
        _ = try await engine.addProduct(Product(sku: sku, name: "测试商品", category: .gameCard, faceValue: Money(fen: 10_000), cost: Money(fen: 9_500),
                                                prices: MemberPrices(retail: Money(fen: 9_900), vip: Money(fen: 9_800), agent: Money(fen: 9_700)),
                                                lowStockThreshold: 0, reusable: false), by: admin)
        if keys > 0 { try await fixtures.importKeys(keys) }
        for code in substations { try await fixtures.openSubstation(code) }
        try await prepare(fixtures)

        let (group, running, listening) = try await launch(engine: engine, settings: settings, logs: logs)
        let world = APIWorld(directory: directory, engine: engine, admin: admin, listening: listening, group: group, running: running,
                             settings: settings, logs: logs)
        world.secrets = fixtures.secrets.current
        return world
    }

    /// A server on `engine` (free loopback ports), running until its group shuts down.
    private static func launch(engine: any KamengEngine, settings: APISettings, logs: LogCapture?) async throws
        -> (ServiceGroup, Task<Void, any Error>, APIListening) {
        var configuration = APIServerConfiguration(settings: settings)
        configuration.port = 0
        configuration.adminPort = 0
        var logger = logs.map { capture in Logger(label: "kameng.api.test") { _ in capture } } ?? Logger(label: "kameng.api.test")
        logger.logLevel = logs == nil ? .warning : .trace
        let (ports, portsContinuation) = AsyncStream.makeStream(of: APIListening.self)
        let server = APIServer(engine: engine, owner: try await engine.owner(), configuration: configuration, logger: logger,
                               onListening: { portsContinuation.yield($0) })
        let group = ServiceGroup(configuration: .init(services: [server], logger: logger))
        let running = Task {
            defer { portsContinuation.finish() }
            try await group.run()
        }
        let listening = try await withTimeout(seconds: 120, "the server to listen") { await ports.first { _ in true } }
        guard let listening else {
            let result = await running.result
            throw WorldError("the server stopped before it listened: \(result)")
        }
        return (group, running, listening)
    }

    /// Stops the server gracefully and starts another on the same store, as a restart of `kameng serve` does.
    func restart() async throws {
        await group.triggerGracefulShutdown()
        try await withTimeout(seconds: 120, "the server to stop") { try await self.running.value }
        (group, running, listening) = try await Self.launch(engine: engine, settings: settings, logs: logs)
    }

    private init(directory: URL, engine: any KamengEngine, admin: Staff, listening: APIListening, group: ServiceGroup,
                 running: Task<Void, any Error>, settings: APISettings, logs: LogCapture?) {
        self.settings = settings
        self.logs = logs
        self.directory = directory
        self.engine = engine
        self.admin = admin
        self.listening = listening
        self.group = group
        self.running = running
        self.httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
    }

    /// Stops the server gracefully and removes the directory.
    func stop() async throws {
        await group.triggerGracefulShutdown()
        try await withTimeout(seconds: 120, "the server to stop") { try await self.running.value }
        try await httpClient.shutdown()
        try? FileManager.default.removeItem(at: directory)
    }

    var baseURL: String { "http://127.0.0.1:\(listening.port)" }
    var adminURL: String { "http://127.0.0.1:\(listening.adminPort)" }

    func client(_ code: String, secret: String? = nil) -> APIClient {
        APIClient(baseURL: baseURL, substation: code, secret: secret ?? secrets[code]!, httpClient: httpClient)
    }

    func setSecret(_ code: String, _ secret: String) { secrets[code] = secret }

    // MARK: Intake lines

    func order(_ no: String, quantity: Int = 1, at seconds: Double = 0) -> IntakePayload {
        let h = no.utf8.reduce(UInt32(2_166_136_261)) { ($0 ^ UInt32($1)) &* 16_777_619 }
        return .order(IntakeOrder(orderNo: no, product: Self.sku, quantity: quantity, amount: Money(fen: 9_900 * Int64(quantity)),
                                  buyer: "buyer-\(no)", ip: "10.\(h >> 16 & 0xFF).\(h >> 8 & 0xFF).\(h & 0xFF)", device: "dev-\(no)",
                                  at: Self.base.addingTimeInterval(seconds)))
    }

    func payment(_ no: String, quantity: Int = 1, at seconds: Double = 1) -> IntakePayload {
        .payment(IntakePayment(orderNo: no, amount: Money(fen: 9_900 * Int64(quantity)), method: .alipay, txn: "txn-\(no)",
                               at: Self.base.addingTimeInterval(seconds)))
    }

    func heartbeat(at seconds: Double) -> IntakePayload {
        .heartbeat(IntakeHeartbeat(at: Self.base.addingTimeInterval(seconds), callbacks: 10, callbackFailures: 0, deliveryP95Ms: 500, ordersLastHour: 3))
    }

    /// A line signed as the substation signs it (KamengVault's construction, not the server's).
    func line(_ payload: IntakePayload, from code: String, secret: String? = nil) -> String {
        IntakeSigner.line(payload, substation: code, secret: secret ?? secrets[code]!)
    }

    // MARK: Reads

    func orderId(_ no: String) async throws -> Int64 {
        let found = try await engine.orders(orderNo: no)
        try #require(found.count == 1, "\(found.count) orders numbered \(no)")
        return try #require(found[0].order.id)
    }

    /// The keys as `kameng orders show --reveal` shows them (the admin, with a step-up code).
    func revealed(_ no: String) async throws -> [DeliveredKeyText] {
        let keys = try await engine.revealKeys(orderId: try await orderId(no), reason: "API test", by: admin, stepUp: try await stepUpCode())
        return keys.map { DeliveredKeyText(number: $0.number, secret: $0.secret) }
    }

    /// A fresh code from the admin's authenticator (enrolled on first use); each 30-second step once.
    func stepUpCode() async throws -> String {
        if totp == nil {
            let enrolment = try await engine.enrolTOTP(for: admin, stepUp: nil)
            totp = (try #require(Base32.decode(enrolment.secretBase32)), .min)
        }
        while true {
            let now = TOTP.step(at: Date())
            let step = max(totp!.lastStep + 1, now)
            if step <= now + 1 {
                totp!.lastStep = step
                return HOTP.code(secret: totp!.secret, counter: UInt64(step))
            }
            try await Task.sleep(for: .seconds(1))
        }
    }

    /// What intake may change, read through the interface: orders, their keys, stock.
    struct Snapshot: Equatable {
        var orders: [OrderSummary]
        var keys: [Int64: [CardKey]]
        var stock: [StockLevel]
    }

    func snapshot() async throws -> Snapshot {
        let orders = try await engine.orders(query: OrderQuery(), after: nil, limit: 10_000)
        var keys: [Int64: [CardKey]] = [:]
        for summary in orders {
            let id = try #require(summary.order.id)
            keys[id] = try await engine.deliveredKeys(orderId: id).sorted { $0.id < $1.id }
        }
        return Snapshot(orders: orders, keys: keys, stock: try await engine.stockLevels(countingExpiry: true))
    }

    /// Fixtures made before the server starts, through the storage interface.
    final class Fixtures: @unchecked Sendable {
        let directory: URL
        let engine: any KamengEngine
        let admin: Staff
        let secrets = Locked<[String: String]>([:])
        private var files = 0

        init(directory: URL, engine: any KamengEngine, admin: Staff) {
            self.directory = directory
            self.engine = engine
            self.admin = admin
        }

        func openSubstation(_ code: String) async throws {
            let opened = try await engine.openSubstation(SubstationDraft(code: code, name: "分站\(code)", domain: "\(code).example.cn", parentCode: nil,
                                                                         commissionBasisPoints: 500), by: admin)
            secrets.withLock { $0[code] = opened.apiSecret }
            // Delivers without funds, as a substation from before the ledger (issue 18): these tests are not about money.
            let store = try SQLiteStore.open(at: directory.appendingPathComponent("db/kameng.sqlite").path,
                                             keyFilePath: directory.appendingPathComponent("keys/master.key").path, connection: ConnectionOptions())
            try await store.pool.write { db in try db.execute(sql: "UPDATE substations SET funds_required = 0 WHERE code = ?", arguments: [code]) }
        }

        func importKeys(_ count: Int) async throws {
            files += 1
            let tag = UUID().uuidString.prefix(8).uppercased()
            let url = directory.appendingPathComponent("keys-\(files).txt")
            let text = (0..<count).map { "\(100_000_000_000 + files * 10_000 + $0)----K\(tag)X\($0)SECRET" }.joined(separator: "\n") + "\n"
            try Data(text.utf8).write(to: url)
            _ = try await engine.importFile(FileImportRequest(file: url, productSKU: APIWorld.sku), by: admin, progress: { _ in }, isCancelled: { false })
        }
    }
}

struct WorldError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A value several tasks share.
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) { self.value = value }

    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }

    var current: Value { withLock { $0 } }
}

/// Runs `body`, failing with a message naming what was awaited when it takes longer than `seconds`.
func withTimeout<T: Sendable>(seconds: Double, _ what: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            return nil
        }
        guard let first = try await group.next(), let value = first else {
            group.cancelAll()
            throw WorldError("timed out after \(seconds) s waiting for \(what)")
        }
        group.cancelAll()
        return value
    }
}

/// Waits until `condition` holds, checking every 50 ms, for at most `seconds` (generous: the suite runs
/// on a loaded machine); fails naming what it waited for.
func waitUntil(seconds: Double = 60, _ what: String, _ condition: @escaping @Sendable () async throws -> Bool) async throws {
    // A time AND a number of looks: tests elsewhere in the suite that block the cooperative pool's few
    // threads can hold this task off past the deadline, and a look never taken proves nothing.
    let deadline = ContinuousClock.now + .seconds(seconds)
    let looks = Int(seconds * 20)
    var looked = 0
    while ContinuousClock.now < deadline || looked < looks {
        if try await condition() { return }
        looked += 1
        try await Task.sleep(for: .milliseconds(50))
    }
    throw WorldError("timed out after \(seconds) s waiting for \(what)")
}

/// Every line the server logs, at every level, with its metadata: for the canary checks.
struct LogCapture: LogHandler, @unchecked Sendable {
    let lines = Locked<[String]>([])
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
        let all = self.metadata.merging(metadata ?? [:]) { $1 }
        lines.withLock { $0.append("\(level) \(message) \(all)") }
    }
}
