import Foundation
import GRDB
import KamengDomain
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage
import KamengVault

/// Four real `kameng ingest` processes fed the same signed lines at once, each in its own order.
@Suite("Concurrent intake across processes")
struct MultiProcessIngestTests {
    struct Report: Decodable {
        struct Tally: Decodable { var accepted: Int, duplicate: Int }
        var orders: Tally, payments: Tally
        var delivered: Int, awaitingStock: Int, rejected: Int
        var rejectedByReason: [String: Int]
    }

    @Test("4 processes: every order recorded once, delivered at most once with all its keys, stock conserved")
    func fourProcesses() throws {
        let root = NSTemporaryDirectory() + "kameng-ingest-mp-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let db = root + "/data/kameng.sqlite", keyFile = root + "/config/master.key"
        let store = try SQLiteStore.create(at: db, keyFilePath: keyFile, adminUser: ImportCrashTests.osUser)
        let admin = try store.staff(userName: ImportCrashTests.osUser)
        _ = try store.addProduct(Product(sku: "MP-1", name: "并发", category: .gameCard, faceValue: Money(fen: 100), cost: Money(fen: 90),
                                         prices: MemberPrices(retail: Money(fen: 100), vip: Money(fen: 100), agent: Money(fen: 100)),
                                         lowStockThreshold: 0), by: admin)
        let initialStock = 400
        _ = try store.importKeys((0..<initialStock).map { CardKeyPlaintext(number: nil, secret: "MPI-\($0)-SECRET", sourceLine: $0 + 1) },
                                 productSKU: "MP-1", source: ImportSource(fileName: "mp.txt", contentDigest: "mp"), by: admin)
        let (_, secret) = try store.addSubstation(Substation(code: "mp", name: "并发分站", domain: "mp.example.cn", commissionBasisPoints: 0,
                                                             createdAt: Date()), parentCode: nil, by: admin)
        // Delivery without funds, as before the ledger: this test is about concurrent stock, not money.
        try store.pool.write { db in try db.execute(sql: "UPDATE substations SET funds_required = 0") }
        let orders = 250
        var rng = SeededRandom(seed: 5)
        let quantities = (0..<orders).map { _ in 1 + rng.below(3) }   // demand ≈ 500 > 400: some must wait
        let base = Date(timeIntervalSince1970: 1_795_420_800)
        let orderLines = quantities.enumerated().map { i, q in
            IntakeSigner.line(.order(IntakeOrder(orderNo: "MP\(i)", product: "MP-1", quantity: q, amount: Money(fen: 100 * Int64(q)),
                                                 buyer: "b\(i)", ip: "10.1.\(i % 200).1", device: "d\(i)", at: base.addingTimeInterval(Double(i)))),
                              substation: "mp", secret: secret)
        }
        let paymentLines = quantities.enumerated().map { i, q in
            IntakeSigner.line(.payment(IntakePayment(orderNo: "MP\(i)", amount: Money(fen: 100 * Int64(q)), method: .wechat, txn: "wx-\(i)",
                                                     at: base.addingTimeInterval(Double(i) + 0.5))), substation: "mp", secret: secret)
        }
        var processes: [(Process, String)] = []
        for n in 0..<4 {
            // Each process: all orders, then all payments twice, each part in its own shuffled order.
            var gen = SeededRandom(seed: UInt64(100 + n))
            let lines = orderLines.shuffled(using: &gen) + paymentLines.shuffled(using: &gen) + paymentLines.shuffled(using: &gen)
            let file = root + "/in-\(n).jsonl", output = root + "/out-\(n).json"
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: file))
            processes.append((ingestProcess(file: file, db: db, keyFile: keyFile, output: output), output))
        }
        #expect(FileManager.default.isExecutableFile(atPath: ImportCrashTests.kamengPath))
        for (process, _) in processes { try process.run() }
        var reports: [Report] = []
        for (process, output) in processes {
            process.waitUntilExit()
            let errors = (try? String(contentsOfFile: output + ".err", encoding: .utf8)) ?? ""
            #expect(process.terminationStatus == 0, "ingest failed: \(errors)")
            reports.append(try JSONDecoder().decode(Report.self, from: Data(contentsOf: URL(fileURLWithPath: output))))
        }
        #expect(reports.map(\.orders.accepted).reduce(0, +) == orders)
        #expect(reports.map(\.payments.accepted).reduce(0, +) == orders)
        #expect(reports.map(\.rejected).reduce(0, +) == 0, "\(reports.map(\.rejectedByReason))")
        let delivered = reports.map(\.delivered).reduce(0, +)

        try store.pool.read { db in
            let sold = try Int.fetchOne(db, sql: "SELECT count(*) FROM card_keys WHERE status = 'sold'") ?? -1
            let available = try Int.fetchOne(db, sql: "SELECT count(*) FROM card_keys WHERE status = 'available'") ?? -1
            #expect(sold + available == initialStock)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM orders") == orders)
            let rows = try Row.fetchAll(db, sql: """
                SELECT o.status, o.quantity, (SELECT count(*) FROM card_keys k WHERE k.order_id = o.id) AS keys FROM orders o
                """)
            var deliveredOrders = 0, keysOfDelivered = 0
            for row in rows {
                let status: String = row["status"], quantity: Int = row["quantity"], keys: Int = row["keys"]
                #expect(["delivered", "awaiting_stock"].contains(status))
                #expect(keys == (status == "delivered" ? quantity : 0))
                if status == "delivered" { deliveredOrders += 1; keysOfDelivered += keys }
            }
            #expect(keysOfDelivered == sold)
            #expect(deliveredOrders == delivered, "each delivery reported by exactly one process")
            #expect(deliveredOrders > 0 && deliveredOrders < orders)
        }
        #expect(try store.verifyAudit() == .intact(rows: try store.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM audit_log") ?? 0 }))
        #expect(try store.integrityCheck() == "ok")
    }
}
