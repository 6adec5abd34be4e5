import Foundation
import GRDB
import KamengDomain
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage
import KamengVault

/// The store's side of the substation API: credentials, order states with their keys, the audited and
/// limited fetch, and the demo's secrets.
@Suite("Substation API: the store's reads")
struct SubstationAPIStoreTests {
    /// sh-a's P1 (two keys, delivered) and P2 (pending); sh-b's B1 (delivered).
    static func world() throws -> IntakeFixture {
        let f = try IntakeFixture()
        let summary = try f.ingest([f.line(f.order("P1", quantity: 2)), f.line(f.payment("P1", amount: 19_800)),
                                    f.line(f.order("P2", ip: "10.0.0.2")), f.line(f.order("B1", ip: "10.0.0.3"), from: "sh-b"),
                                    f.line(f.payment("B1"), from: "sh-b")])
        try #require(summary.delivered == 2 && summary.orders.accepted == 3, "fixture: \(summary)")
        return f
    }

    /// The keys `kameng orders show --reveal` shows for the order.
    static func revealed(_ f: IntakeFixture, _ orderNo: String) throws -> [DeliveredKeyText] {
        let id: Int64 = try #require(try f.orderRow(orderNo)?["id"])
        let (code, now) = try f.t.stepUp(f.t.admin)
        return try f.store.revealKeys(orderId: id, reason: "ticket 1", by: f.t.admin, stepUp: code, now: now)
            .map { DeliveredKeyText(number: $0.number, secret: $0.secret) }
    }

    @Test("credentials: the current secret by code, nothing for an unknown code")
    func credentials() throws {
        let f = try IntakeFixture()
        let a = try #require(try f.store.apiCredentials(code: "sh-a"))
        #expect(a.secret == f.secrets["sh-a"] && a.code == "sh-a" && a.status == .active)
        #expect(a.previousSecret == nil && a.previousUntil == nil && a.notifyURL == nil)
        #expect(try f.store.apiCredentials(code: "nope") == nil)
    }

    @Test("order states: a delivered order carries the keys the reveal shows, in delivery order; unknown and other shops' orders are left out")
    func orderStates() throws {
        let f = try Self.world()
        let states = try f.store.apiOrderStates(substation: "sh-a", orderNos: ["P1", "P2", "B1", "GHOST", "P1"])
        #expect(Set(states.keys) == ["P1", "P2"])
        let keys = try #require(states["P1"]?.keys)
        let revealed = try Self.revealed(f, "P1")
        #expect(states["P1"]?.status == .delivered && keys.count == 2 && keys == revealed)
        #expect(keys.allSatisfy { $0.secret.hasPrefix("INTAKE-KEY-") })
        #expect(states["P2"] == APIOrderState(orderNo: "P2", status: .pending, keys: nil))
        #expect(try f.store.apiOrderStates(substation: "nope", orderNos: ["P1"]).isEmpty)
    }

    @Test("fetch: another shop's or an unknown order is nil; each fetch with keys is audited; past the limit in an hour it is refused")
    func fetch() throws {
        let f = try Self.world()
        let now = Date()
        #expect(try f.store.apiFetchOrder(substation: "sh-b", orderNo: "P1", limit: 3, now: now) == nil)
        #expect(try f.store.apiFetchOrder(substation: "sh-a", orderNo: "GHOST", limit: 3, now: now) == nil)
        let rowsBefore = try f.count("SELECT count(*) FROM audit_log")
        #expect(try f.store.apiFetchOrder(substation: "sh-a", orderNo: "P2", limit: 3, now: now) == APIOrderState(orderNo: "P2", status: .pending, keys: nil))
        #expect(try f.count("SELECT count(*) FROM audit_log") == rowsBefore, "no keys, no audit row")
        let expected = try Self.revealed(f, "P1")
        for _ in 0..<3 {
            let state = try #require(try f.store.apiFetchOrder(substation: "sh-a", orderNo: "P1", limit: 3, now: now))
            #expect(state.status == .delivered && state.keys == expected)
        }
        let rows = try f.store.auditTail(limit: 10).filter { $0.action == "api.order-keys" }
        #expect(rows.count == 3 && rows.allSatisfy { $0.actor == "api:sh-a" && $0.target == "order:P1" })
        #expect(throws: StoreError.tooManyFetches(orderNo: "P1", limit: 3)) {
            try f.store.apiFetchOrder(substation: "sh-a", orderNo: "P1", limit: 3, now: now)
        }
        #expect(try f.count("SELECT count(*) FROM audit_log WHERE action = 'api.order-keys'") == 3, "a refused fetch writes no row")
        #expect(try f.store.apiFetchOrder(substation: "sh-a", orderNo: "P1", limit: 3, now: now.addingTimeInterval(3_601))?.keys == expected,
                "an hour later the fetches before no longer count")
        #expect(try f.count("SELECT count(*) FROM audit_log WHERE detail LIKE '%INTAKE-KEY%' OR target LIKE '%INTAKE-KEY%'") == 0)
    }

    @Test("the demo's secrets: refused unless kameng demo built the database; audited")
    func demoSecrets() throws {
        let f = try IntakeFixture()
        #expect(throws: StoreError.notADemo) { try f.store.demoSubstationSecrets(by: f.t.admin) }
        try f.t.rawExecute("INSERT INTO demo_marker (id, created_at) VALUES (1, '2026-12-01 00:00:00.000')")
        #expect(try f.store.demoSubstationSecrets(by: f.t.admin) == f.secrets)
        let row = try f.store.auditTail(limit: 1)[0]
        #expect(row.action == "substation.secret.demo" && row.actor == "alice" && !row.detail.contains(f.secrets["sh-a"]!))
        let support = try f.t.addStaff("sam", role: .support)
        #expect(throws: StoreError.self) { try f.store.demoSubstationSecrets(by: support) }
    }
}
