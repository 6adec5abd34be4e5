import Foundation
import KamengDomain
import KamengImport
import KamengStorage
import Testing

/// One test's store: a fresh temporary directory, an engine the factory made in it, its admin, and
/// helpers that build fixtures through the storage interface only (products, substations, supplier
/// files, staff, signed intake lines). Removed when the test lets go of it.
final class EngineWorld: Sendable {
    let factory: any EngineFactory
    let directory: URL
    let engine: any KamengEngine
    let admin: Staff
    private let authenticators = Locked<[String: EnrolledAuthenticator]>([:])
    private let secrets = Locked<[String: String]>([:])
    private let fileCounter = Locked(0)

    /// When the buyer placed the first order of a fixture: 2026-11-23T08:00:00Z.
    static let base = Date(timeIntervalSince1970: 1_795_420_800)

    private init(factory: any EngineFactory, directory: URL, engine: any KamengEngine, admin: Staff) {
        self.factory = factory
        self.directory = directory
        self.engine = engine
        self.admin = admin
    }

    static func make(_ factory: any EngineFactory, admin: String = "alice") async throws -> EngineWorld {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kameng-conformance-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        do {
            let (engine, staff) = try await factory.make(directory: directory, adminUser: admin)
            return EngineWorld(factory: factory, directory: directory, engine: engine, admin: staff)
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// A second engine on this store, as another process opens it.
    func openAnother(readOnly: Bool = false) async throws -> any KamengEngine {
        try await factory.open(directory: directory, readOnly: readOnly)
    }

    var keyFilePath: String { factory.keyFilePath(directory: directory) }

    // MARK: Products and stock

    @discardableResult
    func addProduct(_ sku: String, threshold: Int = 0, reusable: Bool = false, on engine: (any KamengEngine)? = nil,
                    by actor: Staff? = nil) async throws -> Product {
        try await (engine ?? self.engine).addProduct(Product(sku: sku, name: "测试商品 \(sku)", category: .gameCard, faceValue: Money(fen: 10_000),
                                                             cost: Money(fen: 9_500),
                                                             prices: MemberPrices(retail: Money(fen: 9_900), vip: Money(fen: 9_800), agent: Money(fen: 9_700)),
                                                             lowStockThreshold: threshold, reusable: reusable), by: actor ?? admin)
    }

    /// A supplier file in the test's directory, one `number----secret` key per line.
    func supplierFile(secrets: [String], name: String? = nil) throws -> URL {
        let n = fileCounter.withLock { $0 += 1; return $0 }
        let url = directory.appendingPathComponent(name ?? "keys-\(n).txt")
        let text = secrets.enumerated().map { "\(100_000_000_000 + n * 10_000 + $0.offset)----\($0.element)" }.joined(separator: "\n") + "\n"
        try Data(text.utf8).write(to: url)
        return url
    }

    /// Keys for `sku` through a supplier file, as the import pane does. Secrets are unique per call.
    @discardableResult
    func importKeys(_ count: Int, into sku: String, by actor: Staff? = nil) async throws -> ImportOutcome {
        let tag = UUID().uuidString.prefix(8).uppercased()
        let file = try supplierFile(secrets: (0..<count).map { "K\(tag)X\($0)SECRET" })
        return try await engine.importFile(FileImportRequest(file: file, productSKU: sku), by: actor ?? admin,
                                           progress: { _ in }, isCancelled: { false })
    }

    func stock(_ sku: String, on engine: (any KamengEngine)? = nil) async throws -> StockLevel {
        let levels = try await (engine ?? self.engine).stockLevels(countingExpiry: true)
        return try #require(levels.first { $0.product.sku == sku }, "no stock level for \(sku)")
    }

    // MARK: Substations and intake

    /// Opens a substation and keeps its API secret for signing its lines.
    @discardableResult
    func openSubstation(_ code: String, parent: String? = nil, commissionBasisPoints: Int = 500) async throws -> OpenedSubstation {
        let opened = try await engine.openSubstation(SubstationDraft(code: code, name: "分站\(code)", domain: "\(code).example.cn", parentCode: parent,
                                                                     commissionBasisPoints: commissionBasisPoints), by: admin)
        secrets.withLock { $0[code] = opened.apiSecret }
        try await factory.deliverWithoutFunds(directory: directory, substation: code)
        return opened
    }

    /// An order as a substation sends it. Buyer, IP and device are unique per order number unless given,
    /// so the default risk rules never hold an order by accident.
    func order(_ no: String, sku: String, quantity: Int = 1, buyer: String? = nil, at seconds: Double = 0) -> IntakePayload {
        // FNV-1a of the number: the same order always has the same IP, different orders (almost) never.
        let h = no.utf8.reduce(UInt32(2_166_136_261)) { ($0 ^ UInt32($1)) &* 16_777_619 }
        return .order(IntakeOrder(orderNo: no, product: sku, quantity: quantity, amount: Money(fen: 9_900 * Int64(quantity)),
                                  buyer: buyer ?? "buyer-\(no)", ip: "10.\(h >> 16 & 0xFF).\(h >> 8 & 0xFF).\(h & 0xFF)",
                                  device: "dev-\(no)", at: Self.base.addingTimeInterval(seconds)))
    }

    func payment(_ no: String, quantity: Int = 1, txn: String? = nil, at seconds: Double = 1) -> IntakePayload {
        .payment(IntakePayment(orderNo: no, amount: Money(fen: 9_900 * Int64(quantity)), method: .alipay, txn: txn ?? "txn-\(no)",
                               at: Self.base.addingTimeInterval(seconds)))
    }

    func heartbeat(at seconds: Double) -> IntakePayload {
        .heartbeat(IntakeHeartbeat(at: Self.base.addingTimeInterval(seconds), callbacks: 100, callbackFailures: 0, deliveryP95Ms: 800,
                                   ordersLastHour: 12))
    }

    /// A line signed by `station` with the secret it was opened with.
    func line(_ payload: IntakePayload, from station: String) throws -> String {
        let secret = try #require(secrets.withLock { $0[station] }, "substation \(station) was not opened by this world")
        return SubstationSigner.line(payload, substation: station, secret: secret)
    }

    @discardableResult
    func ingest(_ lines: [String], by actor: Staff? = nil, on engine: (any KamengEngine)? = nil, groupLines: Int = 500,
                onGroup: (@Sendable (IntakeGroupReport) -> Void)? = nil) async throws -> IntakeSummary {
        var options = IntakeOptions(rules: .defaults, source: "conformance.jsonl")
        options.groupLines = groupLines
        return try await (engine ?? self.engine).ingest(.bytes(Array(lines.joined(separator: "\n").utf8)), options: options, by: actor ?? admin,
                                                        onGroup: onGroup)
    }

    /// The one order with this number.
    func order(no: String) async throws -> Order {
        let found = try await engine.orders(orderNo: no)
        try #require(found.count == 1, "\(found.count) orders numbered \(no)")
        return found[0].order
    }

    // MARK: Staff and step-up

    /// Adds a staff member as the admin, with the step-up code that needs.
    func addStaff(_ name: String, role: Role) async throws -> Staff {
        try await engine.addStaff(userName: name, role: role, by: admin, stepUp: try await stepUpCode(admin))
    }

    /// A fresh step-up code for `staff`, enrolling their authenticator first when they have none. Codes
    /// are accepted once per 30-second step, within one step of now: each call takes the next unused
    /// step, and when that is more than one step ahead it waits for the clock (tests ask for at most
    /// two codes per person, so it never has to).
    func stepUpCode(_ staff: Staff) async throws -> String {
        if authenticators.withLock({ $0[staff.userName] }) == nil {
            let enrolment = try await engine.enrolTOTP(for: staff, stepUp: nil)
            try remember(enrolment, for: staff)
        }
        while true {
            let now = Authenticator.step(at: Date())
            let code: String? = authenticators.withLock { all in
                guard var a = all[staff.userName] else { return nil }
                let step = max(a.lastStep + 1, now)
                guard step <= now + 1 else { return nil }
                a.lastStep = step
                all[staff.userName] = a
                return Authenticator.code(secret: a.secret, step: step)
            }
            if let code { return code }
            try await Task.sleep(for: .seconds(1))
        }
    }

    /// Keeps a new authenticator secret (a first enrolment or a replacement).
    func remember(_ enrolment: TOTPEnrolment, for staff: Staff) throws {
        let secret = try #require(Base32.decode(enrolment.secretBase32), "the enrolment's secret is not Base32")
        authenticators.withLock { $0[staff.userName] = EnrolledAuthenticator(secret: secret, lastStep: .min) }
    }

    /// The newest audit row's id (nil when there is none), read as the admin.
    func lastAuditId() async throws -> Int64? {
        try await engine.auditTail(limit: 1, by: admin).first?.id
    }
}

struct EnrolledAuthenticator: Sendable {
    var secret: Data
    /// The last step a code was made for; the engine never accepts it (or an earlier one) again.
    var lastStep: Int64
}

/// A value several tasks (and the engine's callbacks) share.
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

/// Waits until `condition` holds, asking again every few milliseconds, for at most `limit`: tests wait on
/// what they need to see, never on the machine being fast. False when the limit passed first.
func eventually(within limit: Duration = .seconds(60), _ condition: () async throws -> Bool) async rethrows -> Bool {
    // A time AND a number of looks: in the full suite on two cores, tests that block the cooperative
    // pool's two threads (the end-to-end ones wait synchronously) held this task and the notice
    // listener off for longer than the limit, and a look never taken is no evidence of a missing notice.
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: limit)
    let looks = Int(limit / .milliseconds(10))
    var looked = 0
    while true {
        if try await condition() { return true }
        looked += 1
        if clock.now >= deadline && looked >= looks { return false }
        try? await Task.sleep(for: .milliseconds(10))
    }
}

extension StoreError {
    /// Whether this is the refusal `Role.may` calls for: the permission named as the action, and the person.
    func isForbidden(_ permission: Permission, for staff: Staff) -> Bool {
        guard case let .forbidden(user, action) = self else { return false }
        return action == permission.rawValue && user.contains(staff.userName)
    }
}
