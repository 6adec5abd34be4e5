import Foundation
import GRDB
import KamengDomain
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage
import KamengVault

/// The API secret opens delivered keys, so it is guarded like them: admin with a step-up code to see
/// it, and a rotation whose old secret only verifies, for its grace period.
@Suite("Substation secrets: view, rotate, notify URL")
struct SubstationSecretTests {
    @Test("viewing the secret needs an admin and a step-up code; audited, never logged")
    func view() throws {
        let f = try IntakeFixture()
        #expect(throws: StoreError.notEnrolled(user: "alice")) { try f.store.substationSecret(code: "sh-a", by: f.t.admin, stepUp: nil) }
        let (code, now) = try f.t.stepUp(f.t.admin)
        #expect(throws: StoreError.stepUpRequired(action: Permission.viewSubstationSecret.rawValue)) {
            try f.store.substationSecret(code: "sh-a", by: f.t.admin, stepUp: nil)
        }
        #expect(try f.store.substationSecret(code: "sh-a", by: f.t.admin, stepUp: code, now: now) == f.secrets["sh-a"])
        let audit = try f.store.auditTail(limit: 1)[0]
        #expect(audit.action == "substation.secret.view" && audit.actor == "alice" && audit.target == "substation:sh-a")
        #expect(try f.count("SELECT count(*) FROM audit_log WHERE detail LIKE '%' || '\(f.secrets["sh-a"]!.prefix(12))' || '%'") == 0)
        for role in [Role.operator, .support, .oncall] {
            let who = try f.t.addStaff("x-\(role.rawValue)", role: role)
            let (code, now) = try f.t.stepUp(who)
            #expect(throws: StoreError.forbidden(user: "x-\(role.rawValue) (\(role.rawValue))", action: Permission.viewSubstationSecret.rawValue)) {
                try f.store.substationSecret(code: "sh-a", by: who, stepUp: code, now: now)
            }
        }
        let (again, later) = try f.t.stepUp(f.t.admin)
        #expect(throws: StoreError.notFound(.substation(code: "nope"))) { try f.store.substationSecret(code: "nope", by: f.t.admin, stepUp: again, now: later) }
    }

    @Test("rotation: the new secret signs and is the current one at once; the old one verifies only during its grace")
    func rotate() throws {
        let f = try IntakeFixture()
        let old = try #require(f.secrets["sh-a"])
        #expect(throws: StoreError.self) { try f.store.rotateSubstationSecret(code: "sh-a", grace: 3_600, by: f.t.admin, stepUp: nil) }
        #expect(try f.store.apiCredentials(code: "sh-a")?.secret == old, "a refused rotation changes nothing")
        let (code, now) = try f.t.stepUp(f.t.admin)
        let fresh = try f.store.rotateSubstationSecret(code: "sh-a", grace: 3_600, by: f.t.admin, stepUp: code, now: now)
        #expect(fresh != old && fresh.count == 64)
        let credentials = try #require(try f.store.apiCredentials(code: "sh-a"))
        #expect(credentials.secret == fresh && credentials.previousSecret == old)
        #expect(abs((credentials.previousUntil ?? .distantPast).timeIntervalSince(now.addingTimeInterval(3_600))) < 0.01)
        let audit = try f.store.auditTail(limit: 1)[0]
        #expect(audit.action == "substation.secret-rotate" && audit.target == "substation:sh-a" && !audit.detail.contains(fresh.prefix(12)))

        // Within the grace both sign; the old one no longer once its grace has passed.
        let byOld = IntakeSigner.line(f.order("R1"), substation: "sh-a", secret: old)
        let byNew = IntakeSigner.line(f.order("R2", ip: "10.0.0.2"), substation: "sh-a", secret: fresh)
        #expect(try f.ingest([byOld, byNew]).orders.accepted == 2)
        try f.t.rawExecute("UPDATE substations SET api_secret_previous_until = '2020-01-01 00:00:00.000' WHERE code = 'sh-a'")
        let lateOld = IntakeSigner.line(f.order("R3", ip: "10.0.0.3"), substation: "sh-a", secret: old)
        #expect(try f.ingest([lateOld]).rejectedByReason == ["bad_signature": 1])

        // No grace: the secret before is dropped at once.
        let (code2, now2) = try f.t.stepUp(f.t.admin)
        let third = try f.store.rotateSubstationSecret(code: "sh-a", grace: 0, by: f.t.admin, stepUp: code2, now: now2)
        #expect(try f.store.apiCredentials(code: "sh-a")?.previousSecret == nil)
        let byFresh = IntakeSigner.line(f.order("R4", ip: "10.0.0.4"), substation: "sh-a", secret: fresh)
        let byThird = IntakeSigner.line(f.order("R5", ip: "10.0.0.5"), substation: "sh-a", secret: third)
        let summary = try f.ingest([byFresh, byThird])
        #expect(summary.orders.accepted == 1 && summary.rejectedByReason == ["bad_signature": 1])
    }

    @Test("rotation is admin-only, and its grace is 0 to 30 days")
    func rotateRefusals() throws {
        let f = try IntakeFixture()
        let op = try f.t.addStaff("olga", role: .operator)
        let (code, now) = try f.t.stepUp(op)
        #expect(throws: StoreError.forbidden(user: "olga (operator)", action: Permission.viewSubstationSecret.rawValue)) {
            try f.store.rotateSubstationSecret(code: "sh-a", grace: 60, by: op, stepUp: code, now: now)
        }
        for grace in [-1, 31 * 86_400, .infinity] as [TimeInterval] {
            #expect(throws: StoreError.invalidField(field: "grace", rule: "from 0 to 30 days")) {
                try f.store.rotateSubstationSecret(code: "sh-a", grace: grace, by: f.t.admin, stepUp: "000000")
            }
        }
        #expect(try f.store.apiCredentials(code: "sh-a")?.secret == f.secrets["sh-a"])
    }

    @Test("notify URL: https or loopback http, stored sealed, audited masked; anything else refused")
    func notifyURL() throws {
        let f = try IntakeFixture()
        let url = "https://shop.example.cn/kameng/notice?token=s3cr3t-token"
        try f.store.setSubstationNotifyURL(code: "sh-a", url: url, by: f.t.admin)
        #expect(try f.store.apiCredentials(code: "sh-a")?.notifyURL == url)
        let audit = try f.store.auditTail(limit: 1)[0]
        #expect(audit.action == "substation.notify-url" && audit.detail == "set to https://shop.example.cn/…")
        #expect(try f.count("SELECT count(*) FROM substations WHERE CAST(notify_url_sealed AS TEXT) LIKE '%token%'") == 0, "sealed")
        let op = try f.t.addStaff("olga", role: .operator)
        for ok in ["http://127.0.0.1:9000/n", "http://localhost/n", "http://[::1]:8080/n", "https://a.example"] {
            try f.store.setSubstationNotifyURL(code: "sh-b", url: ok, by: op)
            #expect(try f.store.apiCredentials(code: "sh-b")?.notifyURL == ok)
        }
        for bad in ["http://shop.example.cn/n", "ftp://127.0.0.1/n", "shop.example.cn/n", "https://", "https://a.example/\u{1B}[2J", "https://a b/"] {
            #expect(throws: StoreError.self, "\(bad)") { try f.store.setSubstationNotifyURL(code: "sh-b", url: bad, by: op) }
            do { try f.store.setSubstationNotifyURL(code: "sh-b", url: bad, by: op) } catch let error as StoreError {
                guard case let .invalidField(field, _) = error else { Issue.record("\(bad): \(error)"); continue }
                #expect(field == "notify-url")
            }
        }
        try f.store.setSubstationNotifyURL(code: "sh-a", url: nil, by: f.t.admin)
        #expect(try f.store.apiCredentials(code: "sh-a")?.notifyURL == nil)
        #expect(try f.store.auditTail(limit: 1)[0].detail == "cleared")
        let support = try f.t.addStaff("sam", role: .support)
        #expect(throws: StoreError.self) { try f.store.setSubstationNotifyURL(code: "sh-a", url: url, by: support) }
        #expect(throws: StoreError.notFound(.substation(code: "nope"))) { try f.store.setSubstationNotifyURL(code: "nope", url: url, by: f.t.admin) }
    }
}
