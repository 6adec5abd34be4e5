import ArgumentParser
import Foundation
import KamengDomain
@_spi(Benchmark) import KamengSQLite

/// One of several processes paying and delivering the same orders at once (the concurrency test's worker).
/// Each worker walks every order in its own shuffled order, so all workers race for all orders.
struct DeliveryWorker: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delivery-worker", abstract: "Pay and deliver orders concurrently (test worker).")

    @Option var db: String
    @Option var keyFile: String
    @Option(help: "Orders 1…N are raced for.") var orders: Int
    @Option var seed: UInt64
    @Option(help: "Deliver in groups of this many (1 = per-order commits).") var group = 1

    func run() throws {
        let store = try SQLiteStore.open(at: db, keyFilePath: keyFile)
        var rng = SeededRandom(seed: seed)
        var ids = Array(1...Int64(orders))
        ids.shuffle(using: &rng)
        var delivered = 0, repeats = 0, short = 0, errors: [String] = []
        for start in stride(from: 0, to: ids.count, by: group) {
            let slice = Array(ids[start..<min(ids.count, start + group)])
            do {
                // Every worker sends the same payment notification (same txn) for each order: a repeat must be a no-op.
                let outcomes = try slice.map { id in
                    try store.payAndDeliver(orderId: id, amount: Money(fen: 100), method: .wechat, txn: "txn-\(id)")
                }
                for outcome in outcomes {
                    switch outcome {
                    case .delivered: delivered += 1
                    case .alreadyDelivered: repeats += 1
                    case .awaitingStock, .awaitingFunds: short += 1
                    case .notDeliverable: repeats += 1
                    }
                }
            } catch {
                errors.append(String(describing: error))
            }
        }
        print("{\"delivered\":\(delivered),\"repeats\":\(repeats),\"awaitingStock\":\(short),\"errors\":\(errors.count)}")
        if let first = errors.first { FileHandle.standardError.write(Data("first error: \(first)\n".utf8)) }
    }
}
