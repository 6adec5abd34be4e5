import Foundation
import KamengDomain
import KamengStorage
import Testing

@Suite("Conformance: read-only sessions and reusable products")
struct ReadOnlyAndReusableConformance {
    @Test("a read-only engine reads what is stored and refuses every change with readOnly, writing nothing", arguments: EngineFactories.all)
    func readOnly(_ factory: any EngineFactory) async throws {
        let world = try await EngineWorld.make(factory)
        try await world.addProduct("RO-1")
        try await world.openSubstation("sh-a")
        try await world.importKeys(3, into: "RO-1")
        try await world.ingest([try world.line(world.order("R1", sku: "RO-1"), from: "sh-a"), try world.line(world.payment("R1"), from: "sh-a")])
        let r1 = try #require(try await world.order(no: "R1").id)
        let before = try await world.lastAuditId()

        let ro = try await world.openAnother(readOnly: true)
        #expect(ro.isReadOnly && !world.engine.isReadOnly)
        #expect(try await ro.products().map(\.sku) == ["RO-1"])
        #expect(try await ro.deliveredKeys(orderId: r1).count == 1)
        let admin = world.admin
        let file = try world.supplierFile(secrets: ["ROKEY1SECRET"])
        let line = try world.line(world.order("R2", sku: "RO-1"), from: "sh-a")
        let attempts: [(String, () async throws -> Void)] = [
            ("add a product", { _ = try await ro.addProduct(Product(sku: "RO-2", name: "只读", category: .software, faceValue: Money(fen: 1), cost: Money(fen: 1),
                                                                    prices: MemberPrices(retail: Money(fen: 1), vip: Money(fen: 1), agent: Money(fen: 1)),
                                                                    lowStockThreshold: 0), by: admin) }),
            ("import", { _ = try await ro.importFile(FileImportRequest(file: file, productSKU: "RO-1"), by: admin, progress: { _ in }, isCancelled: { false }) }),
            ("ingest", {
                var options = IntakeOptions(rules: .defaults, source: "ro.jsonl")
                options.groupLines = 10
                _ = try await ro.ingest(.bytes(Array(line.utf8)), options: options, by: admin, onGroup: nil)
            }),
            ("refund", { try await ro.refund(orderId: r1, by: admin, stepUp: nil) }),
            ("suspend", { try await ro.setSubstationStatus(code: "sh-a", to: .suspended, by: admin) }),
            ("blacklist", { _ = try await ro.addToBlacklist(.ip, value: "203.0.113.7", reason: "x", by: admin) }),
        ]
        for (what, attempt) in attempts {
            let error = await #expect(throws: StoreError.self, "\(what) on a read-only engine") { try await attempt() }
            guard case .readOnly? = error else { Issue.record("\(what) on a read-only engine: \(error.map(String.init(describing:)) ?? "no error")"); continue }
        }
        #expect(try await world.lastAuditId() == before)
        #expect(try await world.engine.order(id: r1).status == .delivered)
        #expect(try await world.engine.orders(orderNo: "R2").isEmpty)
        #expect(try await world.stock("RO-1").available == 2)
    }

    @Test("a reusable product delivers its one key to every order and keeps it available", arguments: EngineFactories.all)
    func reusable(_ factory: any EngineFactory) async throws {
        let world = try await EngineWorld.make(factory)
        try await world.addProduct("RU-1", reusable: true)
        try await world.openSubstation("sh-a")
        try await world.importKeys(1, into: "RU-1")
        var lines: [String] = []
        for n in 0..<3 {
            lines.append(try world.line(world.order("U\(n)", sku: "RU-1"), from: "sh-a"))
            lines.append(try world.line(world.payment("U\(n)"), from: "sh-a"))
        }
        #expect(try await world.ingest(lines).delivered == 3)
        var delivered: Set<Int64> = []
        for n in 0..<3 {
            let id = try #require(try await world.order(no: "U\(n)").id)
            let keys = try await world.engine.deliveredKeys(orderId: id)
            #expect(keys.count == 1)
            delivered.formUnion(keys.map(\.id))
        }
        #expect(delivered.count == 1, "every order of a reusable product gets the same key")
        #expect(try await world.stock("RU-1").available == 1)
    }
}
