import ArgumentParser
import Foundation
import KamengDomain
@_spi(Benchmark) import KamengSQLite

/// Delivery throughput through the store, per-order durable and grouped, beside a raw SQLite C loop
/// running the same statements on a copy of the same database in the same run.
struct DeliveryBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delivery", abstract: "Delivery throughput vs a raw SQLite loop.")

    @Option(help: "Orders delivered one durable transaction each.") var durableOrders = 3_000
    @Option(help: "Orders delivered in grouped commits.") var groupedOrders = 100_000
    @Option(help: "Orders per group commit.") var groupSize = 500
    @Option(help: "Scratch directory (default: a new temporary one).") var scratch: String?

    func run() throws {
        #if DEBUG
        print("warning: debug build; run `swift run -c release kameng-bench delivery` for real figures")
        #endif
        let directory = scratch ?? NSTemporaryDirectory() + "kameng-bench-\(getpid())"
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { if scratch == nil { try? FileManager.default.removeItem(atPath: directory) } }
        let warmUp = 1_000
        let total = warmUp + durableOrders + groupedOrders
        print("setting up \(total) paid orders and \(total) sealed keys…")
        let fixture = try BenchFixture.make(orders: total, keys: total, in: directory, name: "base")
        let storeCopy = try fixture.copy(named: "store")
        let rawCopy = try fixture.copy(named: "raw")

        let store = try SQLiteStore.open(at: storeCopy, keyFilePath: fixture.keyFilePath)
        let auditKey = try store.auditKeyForBenchmark()
        // A running platform's WAL has a steady size: commits overwrite it rather than grow the file,
        // which is cheaper to fsync. Both contenders first deliver the same untimed warm-up orders.
        let warmUpIds = Array(1...Int64(warmUp))
        let durableIds = Array(Int64(warmUp + 1)...Int64(warmUp + durableOrders))
        let groupedIds = Array(Int64(warmUp + durableOrders + 1)...Int64(total))
        for id in warmUpIds { _ = try store.deliver(orderId: id) }

        let storeDurable = try measure(durableIds.count) { for id in durableIds { _ = try store.deliver(orderId: id) } }
        let storeGrouped = try measure(groupedIds.count) {
            for start in stride(from: 0, to: groupedIds.count, by: groupSize) {
                _ = try store.deliver(orderIds: Array(groupedIds[start..<min(groupedIds.count, start + groupSize)]))
            }
        }
        let raw = try RawDeliveryLoop(path: rawCopy, auditKey: auditKey)
        try raw.deliver(warmUpIds, groupSize: 1)
        let rawDurable = try measure(durableIds.count) { try raw.deliver(durableIds, groupSize: 1) }
        let rawGrouped = try measure(groupedIds.count) { try raw.deliver(groupedIds, groupSize: groupSize) }

        let delivered = try store.recentOrders(status: .delivered, limit: 1).count
        precondition(delivered == 1, "store delivered nothing")
        try raw.checkAllDelivered(expected: total)

        print("")
        print("delivery benchmark — \(ProcessInfo.processInfo.activeProcessorCount) cores, synchronous=FULL, WAL")
        print(row("", "store", "raw SQLite", "raw/store"))
        print(row("per-order durable (\(durableOrders))", rate(storeDurable), rate(rawDurable), ratio(rawDurable, storeDurable)))
        print(row("grouped ×\(groupSize) (\(groupedOrders))", rate(storeGrouped), rate(rawGrouped), ratio(rawGrouped, storeGrouped)))
        print("")
        print("targets: per-order ≥ 2,500/s, grouped ≥ 40,000/s, each within 1.5× of raw")
    }

    private func measure(_ count: Int, _ body: () throws -> Void) throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Double(count) / seconds
    }

    private func rate(_ r: Double) -> String { String(format: "%.0f orders/s", r) }
    private func ratio(_ raw: Double, _ store: Double) -> String { String(format: "%.2f×", raw / store) }
    private func row(_ a: String, _ b: String, _ c: String, _ d: String) -> String {
        a.padding(toLength: 34, withPad: " ", startingAt: 0) + b.padding(toLength: 20, withPad: " ", startingAt: 0)
            + c.padding(toLength: 20, withPad: " ", startingAt: 0) + d
    }
}
