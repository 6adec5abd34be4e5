import ArgumentParser
import Foundation
import KamengDomain
@_spi(Benchmark) import KamengSQLite
import KamengStorage

/// `kameng-bench ingest`: signed orders, each followed by its payment, through `SQLiteStore.ingest` —
/// the code path of `kameng ingest` — from a file on disk: read, verify, score, deliver, durable group
/// commits (synchronous = FULL, SQLite's own VFS). Beside it in the same run: the reader's verify+parse alone, and the store's grouped
/// delivery of already-paid orders, so the figures can be read against this machine's state today.
struct IngestBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ingest", abstract: "Signed intake throughput and latency.")

    @Option(help: "Orders (each followed by its payment).") var orders = 200_000
    @Option(help: "Substations.") var substations = 15
    @Option(help: "Products.") var products = 14
    @Option(help: "Each payment comes this many orders after its order (0: right after it).") var paymentLag = 0
    @Option(help: "Lines per group commit.") var groupLines = 500
    @Option(help: "Longest wait for a group to fill, ms.") var groupMillis = 10
    @Option(help: "Orders for the grouped-delivery comparison (0 = skip).") var deliveryOrders = 50_000
    @Option(help: "Scratch directory (default: a new temporary one, removed afterwards).") var scratch: String?
    @Option(help: "Keep the untimed setup in DIR and reuse it on later runs (each run works on a copy).") var pristine: String?

    func run() throws {
        #if DEBUG
        print("warning: debug build; run `swift build -c release --product kameng-bench` for real figures")
        #endif
        let directory = scratch ?? NSTemporaryDirectory() + "kameng-ingest-bench-\(getpid())"
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory + "/store", withIntermediateDirectories: true)
        defer { if scratch == nil { try? FileManager.default.removeItem(atPath: directory) } }

        print("setting up \(products) products with \(orders) keys, \(substations) substations, \(orders) signed orders + payments…")
        // Two copies of one setup: the same run ingests it with the ledger and without (`postsLedger`), so the
        // ledger's cost is read against this machine's state now (target: with ≥ 0.9× without).
        let source = pristine ?? directory + "/pristine"
        var runs: [Bool: IngestRun] = [:]
        var verifyRate = 0.0
        for withLedger in [false, true] {
            let copy = directory + (withLedger ? "/with-ledger" : "/without-ledger")
            try FileManager.default.createDirectory(atPath: copy + "/store", withIntermediateDirectories: true)
            let setup = try IngestBenchSetup.reuse(from: source, orders: orders, substations: substations, products: products,
                                                   lag: paymentLag, in: copy)
            setup.store.postsLedger = withLedger
            if withLedger {
                print("store synchronous = \(try setup.store.synchronousLevel()) (2 = FULL)")
                // 1. The reader's work alone (read, envelope, HMAC, payload), single thread, no database writes.
                let verifyStart = DispatchTime.now().uptimeNanoseconds
                let verified = try setup.store.prepareIntakeForBenchmark(path: setup.file)
                verifyRate = Double(verified) / (Double(DispatchTime.now().uptimeNanoseconds - verifyStart) / 1e9)
            }
            // 2. The real thing, timed from the first read to the last commit.
            runs[withLedger] = try ingest(setup)
        }
        let (seconds, summary) = (runs[true]!.seconds, runs[true]!.summary)
        var latencies = runs[true]!.latencies
        let withoutRate = Double(orders) / runs[false]!.seconds

        // 3. Grouped delivery of already-paid orders through the same delivery statements (the delivery bench's store path).
        var deliveryRate = 0.0
        if deliveryOrders > 0 {
            let fixture = try BenchFixture.make(orders: deliveryOrders, keys: deliveryOrders, in: directory, name: "delivery")
            let deliveryStore = try SQLiteStore.open(at: fixture.databasePath, keyFilePath: fixture.keyFilePath)
            let ids = Array(1...Int64(deliveryOrders))
            let t0 = DispatchTime.now().uptimeNanoseconds
            for from in stride(from: 0, to: ids.count, by: groupLines / 2) {
                _ = try deliveryStore.deliver(orderIds: Array(ids[from..<min(ids.count, from + groupLines / 2)]))
            }
            deliveryRate = Double(deliveryOrders) / (Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
        }

        latencies.sort()
        func pct(_ p: Double) -> String {
            guard !latencies.isEmpty else { return "-" }
            return String(format: "%.1f ms", Double(latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]) / 1e6)
        }
        let rate = Double(orders) / seconds
        print("")
        print("ingest benchmark — \(ProcessInfo.processInfo.activeProcessorCount) cores, WAL, groups ≤ \(groupLines) lines / \(groupMillis) ms,"
              + (paymentLag == 0 ? "" : " payments \(paymentLag) orders after their orders,")
              + " each reported once its COMMIT returned at synchronous = FULL (WAL synced by SQLite)")
        print(String(format: "end to end: %d orders + %d payments in %.2f s = %.0f orders/s (%.0f lines/s), %d groups",
                     orders, orders, seconds, rate, 2 * rate, summary.groups))
        print("  delivered \(summary.delivered), held for review \(summary.flagged) (their payments recorded, no keys)")
        print("  latency read → delivered (\(paymentLag == 0 ? "order" : "payment") line read to its group being durable): p50 \(pct(0.50))  p95 \(pct(0.95))  p99 \(pct(0.99))  max \(pct(1.0))")
        print(String(format: "same run: verify+parse alone %.0f lines/s; grouped delivery of paid orders %.0f orders/s (ingest = %.2f× its time per order)",
                     verifyRate, deliveryRate, deliveryRate > 0 ? deliveryRate / rate : 0))
        print(String(format: "ledger: with %.0f orders/s, without %.0f orders/s in the same run = %.2f× (target ≥ 0.90×)",
                     rate, withoutRate, rate / withoutRate))
        print("targets: ≥ 20,000 orders/s end to end, p99 < 50 ms")
    }

    struct IngestRun {
        var seconds: Double
        var summary: IntakeSummary
        var latencies: [UInt64]
    }

    /// One timed ingest of the setup's file, checked: every order accepted, every clean one delivered.
    private func ingest(_ setup: IngestBenchSetup) throws -> IngestRun {
        var orderReadAt = [UInt64](repeating: 0, count: orders)
        let lineOrder = IngestBenchSetup.lineOrder(orders: orders, lag: paymentLag)
        var latencies: [UInt64] = []
        latencies.reserveCapacity(orders)
        var options = IntakeOptions(rules: .defaults, source: "bench.jsonl")
        options.groupLines = groupLines
        options.groupMillis = groupMillis
        let fd = open(setup.file, O_RDONLY)
        guard fd >= 0 else { throw ValidationError("cannot open \(setup.file)") }
        defer { close(fd) }
        let start = DispatchTime.now().uptimeNanoseconds
        let summary = try setup.store.ingest(.fileDescriptor(fd), options: options, by: setup.admin) { group in
            for line in group.lines {
                let which = lineOrder[line.number - 1], k = abs(which) - 1
                if which > 0 { orderReadAt[k] = line.readAt; continue }
                // From the read of the line that completes the order: its own line, or its payment's when that comes later.
                if case .paymentAccepted(.delivered) = line.outcome { latencies.append(group.committedAt - (paymentLag == 0 ? orderReadAt[k] : line.readAt)) }
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        check(summary.orders.accepted == orders && summary.payments.accepted == orders && summary.rejected == 0,
              "unexpected summary: \(summary.humanLines.joined(separator: "; "))")
        check(summary.delivered + summary.heldPayments == orders && latencies.count == summary.delivered, "not every clean order was delivered")
        return IngestRun(seconds: seconds, summary: summary, latencies: latencies)
    }

    private func check(_ condition: Bool, _ message: String) {
        if !condition { FileHandle.standardError.write(Data("kameng-bench: \(message)\n".utf8)); Foundation.exit(1) }
    }
}
