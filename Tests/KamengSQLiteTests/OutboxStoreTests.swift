import Foundation
import GRDB
import KamengDomain
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage
import KamengVault

/// The outbox: a notice written with every delivery, refund and rejection of an order of a substation
/// that has a notify URL, and the sender's bookkeeping; the API traffic counters beside it.
@Suite("Outbox and API traffic")
struct OutboxStoreTests {
    static let url = "https://shop-a.example.cn/kameng/notice"

    static func fixture(keys: Int = 20) throws -> IntakeFixture {
        let f = try IntakeFixture(keys: keys)
        try f.store.setSubstationNotifyURL(code: "sh-a", url: url, by: f.t.admin)
        return f
    }

    func notices(_ f: IntakeFixture) throws -> [(order: String, type: String)] {
        try f.store.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT o.order_no, x.type FROM outbox x JOIN orders o ON o.id = x.order_id ORDER BY x.id")
                .map { ($0[0], $0[1]) }
        }
    }

    @Test("intake deliveries: a notice for the substation with a notify URL, none for the one without, none on a replay")
    func intakeDeliveries() throws {
        let f = try Self.fixture()
        let lines = [f.line(f.order("A1")), f.line(f.payment("A1")), f.line(f.order("B1", ip: "10.0.0.2"), from: "sh-b"),
                     f.line(f.payment("B1"), from: "sh-b"), f.line(f.order("A2", ip: "10.0.0.3"))]
        try f.ingest(lines)
        // A2 is paid in a later run: the line-by-line path (a stored order), not the deferred one.
        try f.ingest([f.line(f.payment("A2"))])
        try f.ingest(lines + [f.line(f.payment("A2"))])
        #expect(try notices(f).map(\.order) == ["A1", "A2"] && notices(f).allSatisfy { $0.type == "delivered" })
        let due = try f.store.dueNotices(now: Date().addingTimeInterval(1), perSubstation: 10, limit: 10)
        #expect(due.map(\.notice.orderNo) == ["A1", "A2"])
        let first = try #require(due.first)
        #expect(first.url == Self.url && first.secret == f.secrets["sh-a"] && first.status == .delivered)
        #expect(first.notice.substation == "sh-a" && first.notice.type == .delivered && first.notice.attempts == 0 && !first.notice.gaveUp)
        let revealed = try SubstationAPIStoreTests.revealed(f, "A1")
        #expect(first.keys == revealed)
    }

    @Test("manual delivery, refund and risk rejection each write their notice")
    func staffActions() throws {
        let f = try Self.fixture(keys: 0)
        var rules = RiskRules.defaults
        rules.amountCap = RiskThreshold(limit: 50_000, weight: 100)
        try f.ingest([f.line(f.order("W1")), f.line(f.payment("W1")),
                      f.line(f.order("H1", amount: 60_000, ip: "10.0.0.2")), f.line(f.payment("H1", amount: 60_000)),
                      f.line(f.order("H2", amount: 60_000, ip: "10.0.0.3"))], rules: rules)
        #expect(try (f.orderRow("W1")?["status"] as String?) == "awaiting_stock" && (f.orderRow("H2")?["status"] as String?) == "flagged")
        try f.t.importKeys(["LATE-KEY-1-SECRET"])
        let w1: Int64 = try #require(try f.orderRow("W1")?["id"])
        guard case .delivered = try f.store.deliverManually(orderId: w1, by: f.t.admin) else { Issue.record("补单 did not deliver"); return }
        let h1: Int64 = try #require(try f.orderRow("H1")?["id"]), h2: Int64 = try #require(try f.orderRow("H2")?["id"])
        let (code, now) = try f.t.stepUp(f.t.admin)
        try f.store.rejectHeld(orderId: h1, by: f.t.admin, stepUp: code, now: now)
        try f.store.rejectHeld(orderId: h2, by: f.t.admin, stepUp: nil)
        try f.store.refund(orderId: w1, by: f.t.admin, stepUp: nil)
        #expect(try notices(f).map { "\($0.order) \($0.type)" } == ["W1 delivered", "H1 rejected", "H2 rejected", "W1 refunded"])
        // The step-up clock runs ahead of the wall clock: look an hour ahead, and in the order written.
        let due = try f.store.dueNotices(now: Date().addingTimeInterval(3_600), perSubstation: 10, limit: 10).sorted { $0.notice.id < $1.notice.id }
        #expect(due.map(\.status) == [.refunded, .refunded, .cancelled, .refunded] && due.allSatisfy { $0.keys == nil },
                "each notice carries the order's status now, and keys only while it is delivered")
    }

    @Test("the sender's bookkeeping: a failure waits for its next attempt, giving up stops it, retry starts it again, 2xx ends it")
    func bookkeeping() throws {
        let f = try Self.fixture()
        try f.ingest([f.line(f.order("A1")), f.line(f.payment("A1")), f.line(f.order("A2", ip: "10.0.0.2")), f.line(f.payment("A2"))])
        let t0 = Date().addingTimeInterval(1)
        let ids = try f.store.dueNotices(now: t0, perSubstation: 10, limit: 10).map(\.notice.id)
        try #require(ids.count == 2)
        #expect(try f.store.dueNotices(now: t0, perSubstation: 1, limit: 10).map(\.notice.id) == [ids[0]], "per substation")
        #expect(try f.store.dueNotices(now: t0, perSubstation: 10, limit: 1).count == 1, "in all")

        try f.store.noticeFailed(id: ids[0], error: "HTTP 503 \u{1B}[2J", nextAttemptAt: t0.addingTimeInterval(60), at: t0)
        #expect(try f.store.dueNotices(now: t0, perSubstation: 10, limit: 10).map(\.notice.id) == [ids[1]])
        let waiting = try #require(try f.store.dueNotices(now: t0.addingTimeInterval(60), perSubstation: 10, limit: 10).first { $0.notice.id == ids[0] })
        #expect(waiting.notice.attempts == 1 && waiting.notice.lastError?.contains("\u{1B}") == false && waiting.notice.lastError?.hasPrefix("HTTP 503") == true)

        try f.store.noticeFailed(id: ids[0], error: "connection refused", nextAttemptAt: nil, at: t0)
        #expect(try f.store.dueNotices(now: t0.addingTimeInterval(86_400), perSubstation: 10, limit: 10).map(\.notice.id) == [ids[1]])
        let listed = try f.store.outbox(substation: "sh-a", includeDelivered: false, limit: 10)
        #expect(listed.map(\.id) == [ids[1], ids[0]] && listed[1].gaveUp && listed[1].nextAttemptAt == nil && listed[1].attempts == 2)

        let op = try f.t.addStaff("olga", role: .operator)
        #expect(try f.store.retryNotices(id: nil, substation: "sh-a", by: op, now: t0) == 2)
        #expect(try f.store.auditTail(limit: 1)[0].action == "outbox.retry")
        #expect(try f.store.dueNotices(now: t0, perSubstation: 10, limit: 10).map(\.notice.id) == ids)

        try f.store.noticeDelivered(id: ids[0], at: t0)
        #expect(try f.store.dueNotices(now: t0, perSubstation: 10, limit: 10).map(\.notice.id) == [ids[1]])
        #expect(try f.store.outbox(substation: nil, includeDelivered: false, limit: 10).map(\.id) == [ids[1]])
        let all = try f.store.outbox(substation: nil, includeDelivered: true, limit: 10)
        #expect(all.map(\.id) == [ids[1], ids[0]] && all[1].deliveredAt != nil)
        #expect(try f.store.retryNotices(id: ids[0], substation: nil, by: op) == 0, "a delivered notice is not sent again")
        let support = try f.t.addStaff("sam", role: .support)
        #expect(throws: StoreError.self) { try f.store.retryNotices(id: ids[1], substation: nil, by: support) }
        #expect(throws: StoreError.notFound(.substation(code: "nope"))) { try f.store.outbox(substation: "nope", includeDelivered: false, limit: 10) }
    }

    @Test("traffic: counts add up per substation and minute, unknown codes are dropped; the tally carries the outbox backlog")
    func traffic() throws {
        let f = try Self.fixture()
        let t = Date(timeIntervalSince1970: 1_796_000_000)
        try f.store.recordAPITraffic([APITrafficCount(substation: "sh-a", requests: 5, rejects: 1),
                                      APITrafficCount(substation: "forged", requests: 3, rejects: 3)], at: t)
        try f.store.recordAPITraffic([APITrafficCount(substation: "sh-a", requests: 5, rejects: 1),
                                      APITrafficCount(substation: "sh-b", requests: 2, rejects: 0)], at: t.addingTimeInterval(1))
        try f.store.recordAPITraffic([APITrafficCount(substation: "sh-a", requests: 7, rejects: 0)], at: t.addingTimeInterval(-600))
        var tally = try f.store.apiTraffic(since: t.addingTimeInterval(-60))
        #expect(tally["sh-a"] == APITrafficTally(requests: 10, rejects: 2) && tally["sh-b"] == APITrafficTally(requests: 2) && tally["forged"] == nil)
        #expect(try f.store.apiTraffic(since: t.addingTimeInterval(-900))["sh-a"]?.requests == 17)

        try f.ingest([f.line(f.order("A1")), f.line(f.payment("A1")), f.line(f.order("A2", ip: "10.0.0.2")), f.line(f.payment("A2"))])
        let due = try f.store.dueNotices(now: Date().addingTimeInterval(1), perSubstation: 10, limit: 10)
        let failed = try #require(due.first)
        try f.store.noticeFailed(id: failed.notice.id, error: "HTTP 500", nextAttemptAt: Date().addingTimeInterval(60), at: Date())
        tally = try f.store.apiTraffic(since: Date())
        let a = try #require(tally["sh-a"])
        #expect(a.backlog == 2 && a.failing == 1 && a.oldestBacklogAt != nil && a.requests == 0)
    }
}
