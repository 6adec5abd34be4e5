import Foundation
import KamengDomain
import KamengStorage
import Testing

/// "Every change a person makes is in the audit log, which is tamper-evident."
@Suite("Conformance: the audit chain")
struct AuditChainConformance {
    @Test("after a mix of operations by several people the chain verifies, each act's rows name its actor, a refusal leaves only its denied row",
          arguments: EngineFactories.all)
    func mixedOperations(_ factory: any EngineFactory) async throws {
        let world = try await EngineWorld.make(factory)
        let engine = world.engine, admin = world.admin

        /// Runs one person's act and checks it added audit rows, every one of them naming that person.
        func act(_ who: Staff, _ what: String, _ body: () async throws -> Void) async throws {
            let before = try await world.lastAuditId() ?? 0
            try await body()
            let added = try await engine.auditTail(limit: 1_000, by: admin).filter { $0.id > before }
            #expect(!added.isEmpty, "\(what) by \(who.userName) left no audit row")
            for row in added {
                #expect(row.actor == who.userName, "\(what) by \(who.userName) wrote row \(row.id) (\(row.action) \(row.target)) as \"\(row.actor)\"")
            }
        }

        var olga = admin, sue = admin
        try await act(admin, "adding olga") { olga = try await world.addStaff("olga", role: .operator) }
        try await act(admin, "adding sue") { sue = try await world.addStaff("sue", role: .support) }
        try await act(admin, "adding a product") { try await world.addProduct("AU-1") }
        try await act(admin, "opening a substation") { try await world.openSubstation("sh-a") }
        var batch: Int64 = 0
        try await act(olga, "an import") { batch = try #require(try await world.importKeys(3, into: "AU-1", by: olga).batch) }
        try await act(olga, "a second import") { try await world.importKeys(2, into: "AU-1", by: olga) }
        try await act(olga, "an intake run") {
            try await world.ingest([try world.line(world.order("A1", sku: "AU-1"), from: "sh-a"),
                                    try world.line(world.payment("A1"), from: "sh-a"),
                                    try world.line(world.heartbeat(at: 5), from: "sh-a")], by: olga)
        }
        let a1 = try #require(try await world.order(no: "A1").id)
        try await act(sue, "a refund") { try await engine.refund(orderId: a1, by: sue, stepUp: nil) }
        try await act(sue, "a blacklisting") { _ = try await engine.addToBlacklist(.ip, value: "203.0.113.9", reason: "card testing", by: sue) }
        try await act(olga, "a suspension") { try await engine.setSubstationStatus(code: "sh-a", to: .suspended, by: olga) }
        try await act(olga, "voiding a batch") {
            let code = try await world.stepUpCode(olga)
            let voided = try await engine.voidBatch(id: batch, by: olga, stepUp: code)
            #expect((2...3).contains(voided), "batch 1 had 3 keys, one of the 5 in stock was sold")
        }

        // A refused act is not a change: its only row is the refusal itself, `denied`, naming who.
        let before = try await world.lastAuditId()
        let refused = await #expect(throws: StoreError.self) { try await engine.setSubstationStatus(code: "sh-a", to: .active, by: sue) }
        #expect(refused?.isForbidden(.suspendSubstations, for: sue) == true)
        let denial = try await engine.auditTail(limit: 2, by: admin)
        #expect(denial.count == 2 && denial[1].id == before)
        #expect(denial.first?.action == "denied" && denial.first?.actor == sue.userName)

        let rows = try await engine.auditTail(limit: 10_000, by: admin)
        #expect(try await engine.verifyAudit(by: admin) == .intact(rows: rows.count))
        #expect(try await engine.verifyAudit(by: olga) == .intact(rows: rows.count), "an operator may verify the log too")
        let ids = rows.map(\.id)
        #expect(Set(ids).count == ids.count && ids == ids.sorted(by: >), "the tail is newest first, one row each")
        for row in rows {
            #expect(["alice", "olga", "sue"].contains(row.actor), "row \(row.id) (\(row.action) \(row.target)) names \"\(row.actor)\"")
        }
        #expect(rows.contains { $0.actor == "sue" && $0.target.contains("A1") }, "the refund's row names the order")

        // The timeline of one order is read from the same log, oldest first.
        let history = try await engine.orderHistory(orderNo: "A1")
        #expect(history.contains { $0.actor == "sue" }, "A1's timeline shows sue's refund")
        #expect(history.map(\.id) == history.map(\.id).sorted())

        // Another engine on the same store verifies the same chain.
        let other = try await world.openAnother()
        #expect(try await other.verifyAudit(by: admin) == .intact(rows: rows.count))
    }
}
