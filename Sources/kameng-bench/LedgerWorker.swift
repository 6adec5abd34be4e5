import ArgumentParser
import Foundation
import KamengDomain
@_spi(Benchmark) import KamengSQLite
import KamengStorage

/// One of four processes doing random money work on one database at once (the ledger's property test,
/// `LedgerPropertyTests`): new orders (some held for review), payments, refunds, approvals, top-ups and
/// credit-limit changes, in a sequence drawn from `seed`. A refusal the store explains (wrong state,
/// duplicate) is an outcome; any other error is counted and fails the test.
struct LedgerWorker: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ledger-worker", abstract: "Random money work on one store (test worker).")

    @Option var db: String
    @Option var keyFile: String
    @Option var seed: UInt64
    @Option var steps = 150
    @Option(help: "The product's id and its price in fen.") var product: Int64
    @Option var price: Int64
    @Option(help: "Substations as id:code, comma-separated.") var stations: String
    @Option(help: "The staff member who refunds and approves.") var staff = "alice"

    func run() throws {
        let store = try SQLiteStore.open(at: db, keyFilePath: keyFile)
        let actor = try store.staff(userName: staff)
        let substations: [(id: Int64, code: String)] = stations.split(separator: ",").map { pair in
            let parts = pair.split(separator: ":")
            return (Int64(parts[0])!, String(parts[1]))
        }
        var rng = SeededRandom(seed: seed)
        var mine: [(id: Int64, quantity: Int)] = []
        var tally: [String: Int] = [:]
        var errors: [String] = []
        for step in 0..<steps {
            let roll = rng.below(100)
            do {
                switch roll {
                case 0..<30:
                    let station = substations[rng.below(substations.count)]
                    let quantity = 1 + rng.below(3)
                    let held = rng.below(5) == 0
                    var order = Order(orderNo: "W\(seed)-\(step)", substationId: station.id, buyer: "buyer-\(seed)-\(step)", ip: "10.1.0.\(seed)",
                                      device: "dev-\(seed)", productId: product, quantity: quantity, amount: Money(fen: price) * quantity,
                                      status: held ? .flagged : .pending, createdAt: Date())
                    if held {
                        // Held after its payment: approving it delivers (and charges) through the one delivery path.
                        order.paidAt = Date()
                        order.paymentMethod = .alipay
                    }
                    let id = try store.createOrders([order])[0]
                    mine.append((id, quantity))
                    tally["created", default: 0] += 1
                case 30..<60 where !mine.isEmpty:
                    let order = mine[rng.below(mine.count)]
                    let outcome = try store.payAndDeliver(orderId: order.id, amount: Money(fen: price) * order.quantity, method: .alipay,
                                                          txn: "wtxn-\(order.id)")
                    tally["pay.\(Self.name(outcome))", default: 0] += 1
                case 60..<70 where !mine.isEmpty:
                    try store.refund(orderId: mine[rng.below(mine.count)].id, by: actor, stepUp: nil)
                    tally["refunded", default: 0] += 1
                case 70..<78 where !mine.isEmpty:
                    let outcome = try store.approveAndDeliver(orderId: mine[rng.below(mine.count)].id, by: actor)
                    tally["approve.\(outcome.map(Self.name) ?? "pending")", default: 0] += 1
                case 78..<92:
                    let station = substations[rng.below(substations.count)]
                    let change = try store.topUp(substation: station.code, amount: Money(fen: Int64(500 + rng.below(3_000))),
                                                 reference: "w\(seed)-\(step)", actor: "worker-\(seed)")
                    tally["topup.released", default: 0] += change.delivered.count
                case 92..<100:
                    let station = substations[rng.below(substations.count)]
                    let change = try store.setCreditLimit(substation: station.code, to: Money(fen: Int64(rng.below(4_000))), actor: "worker-\(seed)")
                    tally["credit.released", default: 0] += change.delivered.count
                default:
                    tally["skipped", default: 0] += 1
                }
            } catch let error as StoreError {
                switch error {
                case .wrongState, .duplicate: tally["refused", default: 0] += 1
                default: errors.append(String(describing: error))
                }
            } catch {
                errors.append(String(describing: error))
            }
        }
        tally["errors"] = errors.count
        let json = try JSONSerialization.data(withJSONObject: tally, options: [.sortedKeys])
        print(String(decoding: json, as: UTF8.self))
        if let first = errors.first { FileHandle.standardError.write(Data("first error: \(first)\n".utf8)) }
    }

    static func name(_ outcome: DeliveryOutcome) -> String {
        switch outcome {
        case .delivered: "delivered"
        case .alreadyDelivered: "repeat"
        case .awaitingStock: "awaitingStock"
        case .awaitingFunds: "awaitingFunds"
        case .notDeliverable: "notDeliverable"
        }
    }
}
