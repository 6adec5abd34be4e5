import Foundation
import KamengDomain
import KamengStorage
import Testing

/// "A repeated payment notification never delivers twice"; replaying intake changes nothing; a run's
/// lines are reported in order.
@Suite("Conformance: intake idempotency and ordering")
struct IntakeConformance {
    /// What intake may change, read through the interface: every order with its keys, stock, heartbeats.
    struct Snapshot: Equatable {
        var orders: [OrderSummary]
        var keys: [Int64: [CardKey]]
        var stock: [StockLevel]
        var signals: [SubstationSignals]
    }

    static func snapshot(_ world: EngineWorld) async throws -> Snapshot {
        let orders = try await world.engine.orders(query: OrderQuery(), after: nil, limit: 10_000)
        var keys: [Int64: [CardKey]] = [:]
        for summary in orders {
            let id = try #require(summary.order.id)
            keys[id] = try await world.engine.deliveredKeys(orderId: id).sorted { $0.id < $1.id }
        }
        return Snapshot(orders: orders, keys: keys, stock: try await world.engine.stockLevels(countingExpiry: true),
                        signals: try await world.engine.substationSignals(since: EngineWorld.base.addingTimeInterval(-86_400)))
    }

    static func setUp(_ factory: any EngineFactory, keys: Int) async throws -> EngineWorld {
        let world = try await EngineWorld.make(factory)
        try await world.addProduct("IN-1")
        try await world.openSubstation("sh-a")
        try await world.openSubstation("sh-b")
        try await world.importKeys(keys, into: "IN-1")
        return world
    }

    @Test("replaying a run changes nothing: every line a duplicate, the same orders, keys, stock and heartbeats",
          arguments: EngineFactories.all)
    func replay(_ factory: any EngineFactory) async throws {
        let world = try await Self.setUp(factory, keys: 5)
        var lines: [String] = []
        for n in 0..<6 {
            let station = n.isMultiple(of: 2) ? "sh-a" : "sh-b"
            lines.append(try world.line(world.order("R\(n)", sku: "IN-1", at: Double(n)), from: station))
            if n < 5 { lines.append(try world.line(world.payment("R\(n)", at: Double(n) + 1), from: station)) }
            lines.append(try world.line(world.heartbeat(at: Double(n) * 60), from: station))
        }
        let first = try await world.ingest(lines, groupLines: 4)
        #expect(first.orders.accepted == 6 && first.payments.accepted == 5 && first.heartbeats.accepted == 6 && first.rejected == 0)
        #expect(first.delivered == 5)
        let before = try await Self.snapshot(world)

        for engine in [world.engine, try await world.openAnother()] {
            let again = try await world.ingest(lines, on: engine, groupLines: 3)
            #expect(again.orders.accepted == 0 && again.orders.duplicate == 6, "\(again.orders)")
            #expect(again.payments.accepted == 0 && again.payments.duplicate == 5, "\(again.payments)")
            #expect(again.heartbeats.accepted == 0 && again.heartbeats.duplicate == 6, "\(again.heartbeats)")
            #expect(again.delivered == 0 && again.rejected == 0)
            #expect(try await Self.snapshot(world) == before)
        }
    }

    @Test("a payment is delivered once however often it arrives: in one run, in later runs, in concurrent runs on two engines",
          arguments: EngineFactories.all)
    func paymentOnce(_ factory: any EngineFactory) async throws {
        let world = try await Self.setUp(factory, keys: 10)
        let order = try world.line(world.order("P1", sku: "IN-1", quantity: 2), from: "sh-a")
        let payment = try world.line(world.payment("P1", quantity: 2), from: "sh-a")
        let first = try await world.ingest([order, payment, payment, payment])
        #expect(first.payments.accepted == 1 && first.payments.duplicate == 2 && first.delivered == 1)
        let id = try #require(try await world.order(no: "P1").id)
        let keys = try await world.engine.deliveredKeys(orderId: id)
        #expect(keys.count == 2)

        let other = try await world.openAnother()
        let replays = try await withThrowingTaskGroup(of: IntakeSummary.self) { group in
            for r in 0..<4 {
                let engine = r.isMultiple(of: 2) ? world.engine : other
                group.addTask { try await world.ingest([payment, order, payment], on: engine, groupLines: 1) }
            }
            return try await group.reduce(into: [IntakeSummary]()) { $0.append($1) }
        }
        for summary in replays {
            #expect(summary.payments.accepted == 0 && summary.payments.duplicate == 2 && summary.delivered == 0, "\(summary)")
        }
        #expect(try await world.engine.deliveredKeys(orderId: id) == keys)
        let level = try await world.stock("IN-1")
        #expect(level.sold == 2 && level.available == 8)
    }

    @Test("one run's lines are reported in order across groups, blank lines counted but not reported, each line's outcome its own",
          arguments: EngineFactories.all)
    func reportedInOrder(_ factory: any EngineFactory) async throws {
        let world = try await Self.setUp(factory, keys: 3)
        let forged = SubstationSigner.line(world.order("X9", sku: "IN-1"), substation: "sh-b", secret: "not the secret of sh-b")
        let lines: [String] = [
            try world.line(world.order("O1", sku: "IN-1"), from: "sh-a"),      // 1
            try world.line(world.payment("O1"), from: "sh-a"),                 // 2
            "",                                                                // 3: blank
            try world.line(world.order("O2", sku: "IN-1"), from: "sh-b"),      // 4
            try world.line(world.heartbeat(at: 30), from: "sh-b"),             // 5
            forged,                                                            // 6: a wrong signature
            try world.line(world.payment("O2"), from: "sh-b"),                 // 7
            try world.line(world.order("O1", sku: "IN-1"), from: "sh-a"),      // 8: again
            try world.line(world.payment("O9"), from: "sh-a"),                 // 9: no such order
            try world.line(world.order("O3", sku: "IN-1", quantity: 5), from: "sh-a"), // 10
            try world.line(world.payment("O3", quantity: 5), from: "sh-a"),    // 11: too few keys
        ]
        let reports = Locked<[IntakeGroupReport]>([])
        let summary = try await world.ingest(lines, groupLines: 2, onGroup: { report in reports.withLock { $0.append(report) } })
        let groups = reports.current
        let reported = groups.flatMap(\.lines)
        #expect(reported.map(\.number) == [1, 2, 4, 5, 6, 7, 8, 9, 10, 11])
        #expect(groups.count >= 5, "groups of two lines: \(groups.map { $0.lines.map(\.number) })")
        #expect(groups.map(\.summary.lines) == groups.map(\.summary.lines).sorted(), "each group's running summary only grows")
        #expect(groups.last?.summary == summary)
        let readTimes = reported.map(\.readAt)
        #expect(readTimes == readTimes.sorted(), "lines are read in order")

        func outcome(_ number: Int) -> IntakeOutcome? { reported.first { $0.number == number }?.outcome }
        #expect(outcome(1) == .orderAccepted(held: false))
        #expect(outcome(2) == .paymentAccepted(.delivered))
        #expect(outcome(4) == .orderAccepted(held: false))
        #expect(outcome(5) == .heartbeatAccepted)
        if case .rejected = outcome(6) {} else { Issue.record("line 6 (a wrong signature): \(String(describing: outcome(6)))") }
        #expect(outcome(7) == .paymentAccepted(.delivered))
        #expect(outcome(8) == .orderDuplicate)
        if case .rejected = outcome(9) {} else { Issue.record("line 9 (payment of an unknown order): \(String(describing: outcome(9)))") }
        #expect(outcome(10) == .orderAccepted(held: false))
        #expect(outcome(11) == .paymentAccepted(.awaitingStock))
        #expect(summary.lines == 10 && summary.rejected == 2 && summary.delivered == 2 && summary.awaitingStock == 1)
        #expect(try await world.engine.orders(orderNo: "X9").isEmpty, "a line with a wrong signature changes nothing")
    }
}
