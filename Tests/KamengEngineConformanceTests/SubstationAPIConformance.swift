import Foundation
import KamengDomain
import KamengStorage
import Testing

/// What the HTTP API relies on, through the interface: keys handed to a shop are the ones a person
/// reveals; a notice follows every delivery of a substation with a notify URL, and its failures show
/// in the substation's health until it is delivered.
@Suite("Conformance: the substation API's store")
struct SubstationAPIConformance {
    @Test("order states and fetches give the revealed keys; a notice is due with them; failing notices show in health",
          arguments: EngineFactories.all)
    func contract(_ factory: any EngineFactory) async throws {
        let world = try await EngineWorld.make(factory)
        let engine = world.engine
        try await world.addProduct("API-1")
        try await world.openSubstation("sh-a")
        try await world.importKeys(4, into: "API-1")
        try await engine.setSubstationNotifyURL(code: "sh-a", url: "http://127.0.0.1:9/notice", by: world.admin)
        let summary = try await world.ingest([try world.line(world.order("N1", sku: "API-1", quantity: 2), from: "sh-a"),
                                              try world.line(world.payment("N1", quantity: 2), from: "sh-a")])
        try #require(summary.delivered == 1)
        let id = try #require(try await world.order(no: "N1").id)
        let revealed = try await engine.revealKeys(orderId: id, reason: "ticket 9", by: world.admin, stepUp: try await world.stepUpCode(world.admin))
            .map { DeliveredKeyText(number: $0.number, secret: $0.secret) }
        #expect(try await engine.apiOrderStates(substation: "sh-a", orderNos: ["N1"])["N1"]?.keys == revealed)
        #expect(try await engine.apiFetchOrder(substation: "sh-a", orderNo: "N1", limit: 20, now: Date())?.keys == revealed)

        let due = try await engine.dueNotices(now: Date().addingTimeInterval(1), perSubstation: 4, limit: 10)
        #expect(due.count == 1 && due.first?.keys == revealed && due.first?.url == "http://127.0.0.1:9/notice")
        let notice = try #require(due.first?.notice)
        try await engine.noticeFailed(id: notice.id, error: "connection refused", nextAttemptAt: Date().addingTimeInterval(60), at: Date())
        var rules = HealthRules.defaults
        rules.notifyWarnFailing = 1
        let sick = try await engine.substationHealth(now: Date(), rules: rules).first { $0.substation.code == "sh-a" }
        #expect(sick?.report.findings.contains { $0.rule == .notifyFailures && $0.level == .warn } == true, "\(String(describing: sick?.report))")
        #expect(try await engine.apiTraffic(since: Date())["sh-a"]?.failing == 1)

        try await engine.noticeDelivered(id: notice.id, at: Date())
        let well = try await engine.substationHealth(now: Date(), rules: rules).first { $0.substation.code == "sh-a" }
        #expect(well?.report.findings.contains { $0.rule == .notifyFailures } == false)
        #expect(try await engine.outbox(substation: "sh-a", includeDelivered: false, limit: 10).isEmpty)
    }
}
