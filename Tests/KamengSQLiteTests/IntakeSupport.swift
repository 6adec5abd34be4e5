import Foundation
import GRDB
import KamengDomain
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage
import KamengVault

/// A store with two substations (their secrets kept), one product with stock, and helpers that write
/// signed intake lines the way a substation would.
final class IntakeFixture {
    let t: TestStore
    let product: Product
    let secrets: [String: String]
    static let base = Date(timeIntervalSince1970: 1_795_420_800)   // 2026-11-23T08:00:00Z

    /// `fundsRequired`: whether the two substations must pay first (off for the tests from before the money).
    init(keys: Int = 20, threshold: Int = 2, admin: String = "alice", fundsRequired: Bool = false) throws {
        t = try TestStore(admin: admin)
        product = try t.addProduct(threshold: threshold)
        if keys > 0 { try t.importKeys((0..<keys).map { "INTAKE-KEY-\($0)-SECRET" }) }
        var secrets: [String: String] = [:]
        for code in ["sh-a", "sh-b"] {
            let (_, secret) = try t.store.addSubstation(Substation(code: code, name: "分站\(code)", domain: "\(code).example.cn",
                                                                   commissionBasisPoints: 500, createdAt: Date()), parentCode: nil, by: t.admin)
            secrets[code] = secret
        }
        self.secrets = secrets
        if !fundsRequired { try t.rawExecute("UPDATE substations SET funds_required = 0") }
    }

    var store: SQLiteStore { t.store }

    func order(_ no: String, quantity: Int = 1, amount: Int64? = nil, buyer: String? = nil, ip: String = "10.0.0.1",
               device: String? = nil, sku: String = "QQ-100", at seconds: Double = 0) -> IntakePayload {
        .order(IntakeOrder(orderNo: no, product: sku, quantity: quantity, amount: Money(fen: amount ?? 9_900 * Int64(quantity)),
                           buyer: buyer ?? "buyer-\(no)", ip: ip, device: device ?? "dev-\(no)", at: Self.base.addingTimeInterval(seconds)))
    }

    func payment(_ no: String, amount: Int64 = 9_900, txn: String? = nil, at seconds: Double = 1) -> IntakePayload {
        .payment(IntakePayment(orderNo: no, amount: Money(fen: amount), method: .alipay, txn: txn ?? "txn-\(no)",
                               at: Self.base.addingTimeInterval(seconds)))
    }

    func heartbeat(at seconds: Double, failures: Int = 0) -> IntakePayload {
        .heartbeat(IntakeHeartbeat(at: Self.base.addingTimeInterval(seconds), callbacks: 100, callbackFailures: failures,
                                   deliveryP95Ms: 800, ordersLastHour: 12))
    }

    /// A correctly signed line from `station`.
    func line(_ payload: IntakePayload, from station: String = "sh-a") -> String {
        IntakeSigner.line(payload, substation: station, secret: secrets[station]!)
    }

    @discardableResult
    func ingest(_ lines: [String], by actor: Staff? = nil, rules: RiskRules = .defaults, groupLines: Int = 500) throws -> IntakeSummary {
        var options = IntakeOptions(rules: rules, source: "test.jsonl")
        options.groupLines = groupLines
        return try store.ingest(.bytes(Array(lines.joined(separator: "\n").utf8)), options: options, by: actor ?? t.admin)
    }

    /// Everything intake may change except the rejection records and the audit log: orders, keys,
    /// signals, failed payments. Equal digests before and after mean "nothing changed".
    func digest() throws -> String {
        try store.pool.read { db in
            var text = ""
            for sql in ["SELECT * FROM orders ORDER BY id", "SELECT * FROM card_keys ORDER BY id",
                        "SELECT * FROM reusable_deliveries ORDER BY 1, 2", "SELECT * FROM substation_signals ORDER BY id",
                        "SELECT * FROM payment_failures ORDER BY id", "SELECT * FROM blacklist ORDER BY id"] {
                for row in try Row.fetchAll(db, sql: sql) { text += row.description + "\n" }
                text += "--\n"
            }
            return text
        }
    }

    func orderRow(_ no: String) throws -> Row? {
        try store.pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM orders WHERE order_no = ?", arguments: [no]) }
    }

    func count(_ sql: String) throws -> Int {
        try store.pool.read { db in try Int.fetchOne(db, sql: sql) ?? -1 }
    }

    func rejections() throws -> [Row] {
        try store.pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM intake_rejections ORDER BY id") }
    }
}

/// The real `kameng ingest FILE --json` on `db`, not started yet. Its standard output goes to `output`
/// and its errors to `output.err`; with no `output`, both are discarded.
func ingestProcess(file: String, db: String, keyFile: String, output: String?) -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: ImportCrashTests.kamengPath)
    process.arguments = ["ingest", file, "--json", "--db", db]
    var env = ProcessInfo.processInfo.environment
    env["KAMENG_KEY_FILE"] = keyFile
    process.environment = env
    if let output {
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: output)
        _ = FileManager.default.createFile(atPath: output + ".err", contents: nil)
        process.standardError = FileHandle(forWritingAtPath: output + ".err")
    } else {
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
    }
    return process
}
