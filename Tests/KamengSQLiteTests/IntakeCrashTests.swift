import Foundation
import GRDB
import KamengDomain
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage
import KamengVault

/// The real `kameng ingest` killed with SIGKILL at random points of a long run, again and again on the
/// same database: a kill can land inside a group, its COMMIT, or a checkpoint. After every kill the
/// database is sound and every order is whole (delivered with all its keys, or not paid at all); a
/// last run completes it. Each kill waits for a condition (more orders delivered than at the last
/// kill, by a random amount), never for a time, so a slow or busy machine moves the kills, not the result.
@Suite("Intake crash safety (SIGKILL)", .serialized)
struct IntakeCrashTests {
    static let orders = 4_000
    static let kills = 8

    @Test("SIGKILL mid-run: sound database, whole orders, and a rerun finishes the file")
    func killed() throws {
        let root = NSTemporaryDirectory() + "kameng-ingest-crash-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let db = root + "/data/kameng.sqlite", keyFile = root + "/config/master.key"
        let secret: String
        do {
            let store = try SQLiteStore.create(at: db, keyFilePath: keyFile, adminUser: ImportCrashTests.osUser)
            let admin = try store.staff(userName: ImportCrashTests.osUser)
            _ = try store.addProduct(Product(sku: "KILL-1", name: "崩溃接入", category: .gameCard, faceValue: Money(fen: 100), cost: Money(fen: 90),
                                             prices: MemberPrices(retail: Money(fen: 100), vip: Money(fen: 100), agent: Money(fen: 100)),
                                             lowStockThreshold: 0), by: admin)
            _ = try store.importKeys((0..<(2 * Self.orders)).map { CardKeyPlaintext(number: nil, secret: "KILL-\($0)-SECRET", sourceLine: $0 + 1) },
                                     productSKU: "KILL-1", source: ImportSource(fileName: "kill.txt", contentDigest: "kill"), by: admin)
            (_, secret) = try store.addSubstation(Substation(code: "kill", name: "崩溃分站", domain: "kill.example.cn", commissionBasisPoints: 0,
                                                             createdAt: Date()), parentCode: nil, by: admin)
            // Delivery without funds, as before the ledger: this test is about crashes, not money.
            try store.pool.write { db in try db.execute(sql: "UPDATE substations SET funds_required = 0") }
        }
        let base = Date(timeIntervalSince1970: 1_795_420_800)
        let lines = (0..<Self.orders).flatMap { i -> [String] in
            let q = 1 + i % 2
            let at = base.addingTimeInterval(Double(i))
            return [IntakeSigner.line(.order(IntakeOrder(orderNo: "K\(i)", product: "KILL-1", quantity: q, amount: Money(fen: 100 * Int64(q)),
                                                         buyer: "b\(i)", ip: "10.2.\(i % 250).\(i / 250)", device: "d\(i)", at: at)),
                                      substation: "kill", secret: secret),
                    IntakeSigner.line(.payment(IntakePayment(orderNo: "K\(i)", amount: Money(fen: 100 * Int64(q)), method: .balance, txn: "bal-\(i)",
                                                             at: at.addingTimeInterval(0.5))), substation: "kill", secret: secret)]
        }
        let file = root + "/in.jsonl"
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: file))

        func start() throws -> Process {
            let process = ingestProcess(file: file, db: db, keyFile: keyFile, output: nil)
            try process.run()
            return process
        }

        var rng = SeededRandom(seed: 23)
        var delivered: [Int] = [0]
        for _ in 0..<Self.kills {
            // At most 8 × 300 of the 4,000 orders: every kill lands before the run could finish.
            let target = delivered.last! + 1 + Int(rng.below(300))
            let process = try start()
            let reached = try Self.waitForDelivered(db: db, atLeast: target, while: process)
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(reached, "the run ended before \(target) orders were delivered")
            let now = try Self.checkWhole(db: db, keyFile: keyFile)
            // What another connection saw committed before the kill is still there after it.
            #expect(now >= target, "\(now) orders delivered after the kill, \(target) seen before it")
            delivered.append(now)
        }
        // The kills landed at different points of the run, each later than the one before.
        #expect(zip(delivered, delivered.dropFirst()).allSatisfy { $0 < $1 }, "delivered orders after each kill: \(delivered)")
        let last = try start()
        last.waitUntilExit()
        #expect(last.terminationStatus == 0)
        #expect(try Self.checkWhole(db: db, keyFile: keyFile) == Self.orders)
    }

    /// Polls (through a connection of its own) until `atLeast` orders are delivered; false when the
    /// process ended first.
    static func waitForDelivered(db: String, atLeast target: Int, while process: Process) throws -> Bool {
        let queue = try DatabaseQueue(path: db, configuration: { var c = Configuration(); c.busyMode = .timeout(5); return c }())
        while process.isRunning {
            let count = try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM orders WHERE status = 'delivered'") ?? 0 }
            if count >= target { return true }
            usleep(2_000)
        }
        return false
    }

    /// Opens the database as the next process would and checks it; returns how many orders are delivered.
    static func checkWhole(db: String, keyFile: String) throws -> Int {
        let store = try SQLiteStore.open(at: db, keyFilePath: keyFile)
        #expect(try store.integrityCheck() == "ok")
        let deliveredOrders = try store.pool.read { db in
            #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
            // Every order is either unpaid or delivered with exactly its quantity of keys; no key is sold to anything else.
            let broken = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM orders o WHERE NOT (
                    (o.status = 'pending' AND o.payment_txn IS NULL AND NOT EXISTS (SELECT 1 FROM card_keys k WHERE k.order_id = o.id))
                 OR (o.status = 'delivered' AND (SELECT count(*) FROM card_keys k WHERE k.order_id = o.id AND k.status = 'sold') = o.quantity))
                """) ?? -1
            #expect(broken == 0)
            let stray = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM card_keys k WHERE k.status = 'sold' AND NOT EXISTS
                  (SELECT 1 FROM orders o WHERE o.id = k.order_id AND o.status = 'delivered')
                """) ?? -1
            #expect(stray == 0)
            return try Int.fetchOne(db, sql: "SELECT count(*) FROM orders WHERE status = 'delivered'") ?? -1
        }
        let auditRows = try store.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_log") ?? 0 }
        #expect(try store.verifyAudit() == .intact(rows: auditRows))
        return deliveredOrders
    }
}
