import Foundation
import GRDB
import KamengDomain
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage

/// Several OS processes (not threads) racing to pay and deliver the same orders from one database file.
@Suite("Concurrent delivery across processes")
struct MultiProcessDeliveryTests {
    static var workerPath: String {
        // The test bundle runs from the build directory, where SwiftPM also put kameng-bench.
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return executable.deletingLastPathComponent().appendingPathComponent("kameng-bench").path
    }

    @Test("4 processes: no key on two orders, stock conserved, every order 0 or exactly its quantity, no busy error")
    func fourProcesses() throws {
        let t = try TestStore()
        let product = try t.addProduct()
        let station = try t.addSubstation()
        let initialStock = 500
        _ = try t.importKeys((0..<initialStock).map { "MP-\($0)-SECRET" })
        let orders = 300
        var rng = SeededRandom(seed: 42)
        let quantities = (0..<orders).map { _ in 1 + rng.below(3) }   // demand ≈ 600 > 500: some orders must wait
        try t.store.createOrders(quantities.enumerated().map { t.order("MP\($0.offset)", product: product, station: station, quantity: $0.element) })
        #expect(FileManager.default.isExecutableFile(atPath: Self.workerPath), "kameng-bench not built at \(Self.workerPath)")

        let workers = (0..<4).map { n -> (Process, Pipe, Pipe) in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Self.workerPath)
            process.arguments = ["delivery-worker", "--db", t.databasePath, "--key-file", t.keyFilePath,
                                 "--orders", String(orders), "--seed", String(n + 1), "--group", n % 2 == 0 ? "1" : "7"]
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            return (process, out, err)
        }
        for (process, _, _) in workers { try process.run() }
        var delivered = 0
        for (process, out, err) in workers {
            let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "worker failed: \(errors)")
            let report = try JSONDecoder().decode([String: Int].self, from: Data(output.utf8))
            #expect(report["errors"] == 0, "a worker saw errors (busy?): \(errors)")
            delivered += report["delivered"] ?? 0
        }

        try t.store.pool.read { db in
            let sold = try Int.fetchOne(db, sql: "SELECT count(*) FROM card_keys WHERE status = 'sold'") ?? -1
            let available = try Int.fetchOne(db, sql: "SELECT count(*) FROM card_keys WHERE status = 'available'") ?? -1
            #expect(sold + available == initialStock)
            let perOrder = try Row.fetchAll(db, sql: """
                SELECT o.id, o.status, o.quantity, (SELECT count(*) FROM card_keys k WHERE k.order_id = o.id) AS keys FROM orders o
                """)
            var deliveredOrders = 0, soldByOrders = 0
            for row in perOrder {
                let status: String = row["status"], quantity: Int = row["quantity"], keys: Int = row["keys"]
                #expect(keys == 0 || keys == quantity, "order \(row["id"] as Int64) has \(keys) of \(quantity) keys")
                #expect((status == "delivered") == (keys == quantity && keys > 0))
                #expect(["delivered", "awaiting_stock"].contains(status), "order left \(status)")
                if status == "delivered" { deliveredOrders += 1; soldByOrders += keys }
            }
            #expect(soldByOrders == sold)
            #expect(deliveredOrders == delivered, "each delivery reported by exactly one worker")
            #expect(deliveredOrders > 0 && deliveredOrders < orders)
        }
        // Five rows before the deliveries: init, the vault record (VaultUpgrades), product, substation, import.
        #expect(try t.store.verifyAudit() == .intact(rows: 5 + delivered))
        #expect(try t.store.integrityCheck() == "ok")
    }
}
