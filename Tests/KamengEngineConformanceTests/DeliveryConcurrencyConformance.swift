import Foundation
import KamengDomain
import KamengStorage
import Testing

/// "A card key is delivered to at most one order… no overselling, under any concurrency"; "an order gets
/// all of its keys or none".
@Suite("Conformance: a key is delivered once under concurrency")
struct DeliveryConcurrencyConformance {
    static let keys = 10
    static let runs = 6
    static let ordersPerRun = 4

    static func quantity(run: Int, order: Int) -> Int { 1 + (run + order) % 3 }

    @Test("concurrent intake runs on two engines, more keys ordered than in stock: no key twice, each order all or none",
          arguments: EngineFactories.all)
    func concurrentIntake(_ factory: any EngineFactory) async throws {
        let world = try await EngineWorld.make(factory)
        try await world.addProduct("CC-1")
        try await world.openSubstation("sh-a")
        #expect(try await world.importKeys(Self.keys, into: "CC-1").accepted == Self.keys)
        let other = try await world.openAnother()

        // Each run: its orders and their payments, in groups of two lines so the runs' transactions interleave.
        var runs: [[String]] = []
        for r in 0..<Self.runs {
            var lines: [String] = []
            for k in 0..<Self.ordersPerRun {
                let q = Self.quantity(run: r, order: k)
                lines.append(try world.line(world.order("C\(r)-\(k)", sku: "CC-1", quantity: q), from: "sh-a"))
                lines.append(try world.line(world.payment("C\(r)-\(k)", quantity: q), from: "sh-a"))
            }
            runs.append(lines)
        }
        let demand = (0..<Self.runs).flatMap { r in (0..<Self.ordersPerRun).map { Self.quantity(run: r, order: $0) } }.reduce(0, +)
        #expect(demand > Self.keys, "the test needs more keys ordered than in stock")

        let summaries = try await withThrowingTaskGroup(of: IntakeSummary.self) { group in
            for (r, lines) in runs.enumerated() {
                let engine = r.isMultiple(of: 2) ? world.engine : other
                group.addTask { try await world.ingest(lines, on: engine, groupLines: 2) }
            }
            return try await group.reduce(into: [IntakeSummary]()) { $0.append($1) }
        }
        #expect(summaries.map(\.rejected).reduce(0, +) == 0)
        #expect(summaries.map(\.orders.accepted).reduce(0, +) == Self.runs * Self.ordersPerRun)

        var keyOwners: [Int64: String] = [:]
        var deliveredOrders = 0, soldKeys = 0
        var awaitingQuantities: [Int] = []
        for r in 0..<Self.runs {
            for k in 0..<Self.ordersPerRun {
                let no = "C\(r)-\(k)", q = Self.quantity(run: r, order: k)
                let order = try await world.order(no: no)
                let id = try #require(order.id)
                let keys = try await world.engine.deliveredKeys(orderId: id)
                switch order.status {
                case .delivered:
                    #expect(keys.count == q, "\(no) is delivered with \(keys.count) of its \(q) keys")
                    deliveredOrders += 1
                case .awaitingStock:
                    #expect(keys.isEmpty, "\(no) waits for stock yet holds \(keys.count) keys")
                    awaitingQuantities.append(q)
                default:
                    Issue.record("\(no) is \(order.status.rawValue) after a payment of its full amount")
                }
                for key in keys {
                    #expect(key.orderId == id && key.status == .sold, "key \(key.id) of \(no) reads \(key.status.rawValue), order \(key.orderId.map(String.init) ?? "none")")
                    if let first = keyOwners.updateValue(no, forKey: key.id) {
                        Issue.record("key \(key.id) delivered to \(first) and to \(no)")
                    }
                }
                soldKeys += keys.count
            }
        }
        #expect(summaries.map(\.delivered).reduce(0, +) == deliveredOrders)
        #expect(summaries.map(\.awaitingStock).reduce(0, +) == awaitingQuantities.count)
        #expect(!awaitingQuantities.isEmpty, "with more keys ordered than in stock some order must wait")

        for engine in [world.engine, other] {
            let level = try await world.stock("CC-1", on: engine)
            #expect(level.sold == soldKeys && level.available + level.sold == Self.keys && level.void == 0,
                    "stock reads \(level.available) available, \(level.sold) sold, \(level.void) void; orders hold \(soldKeys)")
            // Stock only fell during the runs, so every order that found too few keys still would.
            for q in awaitingQuantities {
                #expect(level.available < q, "an order of \(q) waits for stock while \(level.available) keys are available")
            }
        }
    }
}
