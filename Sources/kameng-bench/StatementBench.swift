import ArgumentParser
import Foundation
import KamengDomain
@_spi(Benchmark) import KamengSQLite
import KamengStorage

/// A month's statement of one busy substation to CSV: the store's `statement` read plus the CSV the
/// CLI writes (`LedgerStatement.csv`), timed together, in postings per second (target ≥ 200,000/s).
struct StatementBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "statement", abstract: "A month's statement to CSV, in postings/s.")

    @Option(help: "Charges booked for the substation over the month (one prepaid posting each).") var postings = 250_000
    @Option(help: "Timed runs; the best is reported.") var runs = 3
    @Option(help: "Scratch directory (default: a new temporary one).") var scratch: String?

    func run() async throws {
        #if DEBUG
        print("warning: debug build; run `swift run -c release kameng-bench statement` for real figures")
        #endif
        let directory = scratch ?? NSTemporaryDirectory() + "kameng-bench-statement-\(getpid())"
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { if scratch == nil { try? FileManager.default.removeItem(atPath: directory) } }

        print("setting up \(postings) delivered orders and their charges in 2026-11…")
        let fixture = try BenchFixture.make(orders: 0, keys: 1, in: directory, name: "statement")
        let store = try SQLiteStore.open(at: fixture.databasePath, keyFilePath: fixture.keyFilePath)
        // BenchFixture's substation "bench" (id 1, 5% commission) and product BENCH-1 (id 1, retail 9.90, cost 9.00).
        let stationId: Int64 = 1, productId: Int64 = 1
        let month = SettlementPeriod("2026-11")!.days
        var ids: [Int64] = []
        for start in stride(from: 0, to: postings, by: 50_000) {
            let chunk = (start..<min(postings, start + 50_000)).map { i in
                Order(orderNo: "S\(i)", substationId: stationId, buyer: "b\(i % 997)", ip: "10.0.\(i % 250).1", device: "d\(i % 991)",
                      productId: productId, quantity: 1, amount: Money(fen: 990), paymentMethod: .alipay, status: .delivered,
                      createdAt: month.start, paidAt: month.start, deliveredAt: month.start)
            }
            ids += try store.createOrders(chunk)
        }
        let charge = OrderCharge(quantity: 1, retail: Money(fen: 990), unitCost: Money(fen: 900), commissionBasisPoints: 500, parentBasisPoints: nil)
        let written = try store.benchBookCharges(substation: "bench", orderIds: ids, charge: charge, over: month)
        try store.checkpoint()
        print("booked \(written) postings (\(ids.count) on the substation's prepaid account)")

        let engine = SQLiteEngine(store: store)
        let out = directory + "/statement.csv"
        var best = Double.infinity, lines = 0, bytes = 0, readPart = Duration.zero
        for _ in 0..<max(runs, 1) {
            try? FileManager.default.removeItem(atPath: out)
            let clock = ContinuousClock()
            let started = clock.now
            let statement = try await engine.statement(substation: "bench", days: month)
            let read = clock.now - started
            let data = Data(statement.csv().utf8)
            try data.write(to: URL(fileURLWithPath: out))
            let elapsed = clock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            if seconds < best { readPart = read }
            best = min(best, seconds)
            lines = statement.prepaid.lines.count + statement.commissionPayable.lines.count
            bytes = data.count
            precondition(statement.prepaid.closing - statement.prepaid.opening == statement.prepaid.total, "statement does not add up")
        }
        print("")
        print("statement benchmark — one substation, 2026-11, \(ProcessInfo.processInfo.activeProcessorCount) cores")
        print("postings on the statement: \(lines); CSV \(bytes / 1_000_000) MB")
        print(String(format: "best of %d: %.3f s, %.0f postings/s (target ≥ 200,000/s)", max(runs, 1), best, Double(lines) / best))
        print("of which reading the statement: \(readPart), the CSV and its file: the rest")
    }
}
