import Foundation
import GRDB
import KamengDomain
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage

/// Four OS processes doing random money work on one database at once (`kameng-bench ledger-worker`):
/// orders, payments, refunds, approvals, top-ups and credit-limit changes. While they run, every
/// snapshot this test reads must keep the ledger's facts (`LedgerFacts`); so must the end state.
@Suite("Ledger across processes")
struct LedgerPropertyTests {
    @Test("4 processes of random money work: sums zero, balances equal their postings, no balance below minus its limit, charged and reversed once")
    func fourProcesses() throws {
        let t = try TestStore()
        let product = try t.store.addProduct(Product(sku: "LP-1", name: "账本属性", category: .gameCard, faceValue: Money(fen: 1_000),
                                                     cost: Money(fen: 800), prices: MemberPrices(retail: Money(fen: 1_000), vip: Money(fen: 1_000),
                                                                                                 agent: Money(fen: 1_000)),
                                                     lowStockThreshold: 0), by: t.admin)
        _ = try t.importKeys((0..<500).map { "LP-\($0)-SECRET" }, sku: "LP-1")
        let parent = try t.addSubstation(code: "lp-parent", commission: 1_000, fundsRequired: true)
        let child = try t.addSubstation(code: "lp-child", parent: "lp-parent", commission: 500, fundsRequired: true)
        let loose = try t.addSubstation(code: "lp-loose", commission: 300, fundsRequired: false)
        let stations = [parent, child, loose].map { "\($0.id!):\($0.code)" }.joined(separator: ",")
        #expect(FileManager.default.isExecutableFile(atPath: MultiProcessDeliveryTests.workerPath))

        let workers = (0..<4).map { n -> (Process, Pipe, Pipe) in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: MultiProcessDeliveryTests.workerPath)
            process.arguments = ["ledger-worker", "--db", t.databasePath, "--key-file", t.keyFilePath, "--seed", String(n + 1),
                                 "--steps", "150", "--product", String(product.id!), "--price", "1000", "--stations", stations,
                                 "--staff", t.admin.userName]
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            return (process, out, err)
        }
        for (process, _, _) in workers { try process.run() }
        // Snapshots while they work: each read transaction sees whole transactions only.
        var snapshots = 0
        while workers.contains(where: { $0.0.isRunning }) && snapshots < 200 {
            #expect(try LedgerFacts.problems(t.store) == [])
            snapshots += 1
        }
        var totals: [String: Int] = [:]
        for (process, out, err) in workers {
            let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "worker failed: \(errors)")
            let report = try JSONDecoder().decode([String: Int].self, from: Data(output.utf8))
            #expect(report["errors"] == 0, "a worker saw errors: \(errors)")
            for (key, value) in report { totals[key, default: 0] += value }
        }
        #expect(try LedgerFacts.problems(t.store) == [])
        // And what `kameng ledger verify` checks, through the store's own verification.
        let verification = try t.store.verifyLedger()
        #expect(verification.isSound, "\(verification.firstProblem ?? "")")
        #expect(verification.entries > 10 && verification.postings > verification.entries)
        // The run did what it is about: deliveries, refunds of charged orders, funds waits and releases.
        let charges = try LedgerFacts.count(t.store, "SELECT count(*) FROM ledger_entries WHERE kind = 'charge'")
        #expect(charges > 10, "\(totals)")
        #expect(try LedgerFacts.count(t.store, "SELECT count(*) FROM ledger_entries WHERE kind = 'refund'") > 0, "\(totals)")
        #expect(try LedgerFacts.count(t.store, "SELECT count(*) FROM ledger_entries WHERE kind = 'topup'") > 10, "\(totals)")
        #expect((totals["pay.awaitingFunds"] ?? 0) + (totals["approve.awaitingFunds"] ?? 0) > 0, "\(totals)")
        #expect(try LedgerFacts.count(t.store, "SELECT count(*) FROM orders WHERE delivered_at IS NOT NULL") == charges)
        #expect(try t.store.integrityCheck() == "ok")
    }
}
