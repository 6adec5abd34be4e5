import Foundation
import GRDB
import KamengDomain
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage
import KamengVault

/// Step-up through the store: enrolment, fresh codes, replays, and the lockout counted in the
/// database so that it holds across sessions.
@Suite("Step-up (TOTP) through the store")
struct StepUpTests {
    /// A store with one delivered order (D1) whose keys a step-up action can reveal.
    func delivered() throws -> (TestStore, Int64) {
        let t = try TestStore()
        let product = try t.addProduct()
        let station = try t.addSubstation()
        try t.importKeys(["STEP-UP-KEY-1", "STEP-UP-KEY-2"])
        let id = try t.store.createOrder(t.order("D1", product: product, station: station))
        _ = try t.store.payAndDeliver(orderId: id, amount: Money(fen: 9_900), method: .alipay, txn: "T1")
        return (t, id)
    }

    @Test("without an authenticator the store says to enrol; without a code it asks for one")
    func notEnrolledThenRequired() throws {
        let (t, order) = try delivered()
        #expect(throws: StoreError.notEnrolled(user: "alice")) {
            _ = try t.store.revealKeys(orderId: order, reason: "ticket 1", by: t.admin, stepUp: nil)
        }
        #expect(StoreError.notEnrolled(user: "alice").description.contains("kameng staff totp enroll"))
        _ = try t.stepUp(t.admin)
        #expect(throws: StoreError.stepUpRequired(action: Permission.revealKeys.rawValue)) {
            _ = try t.store.revealKeys(orderId: order, reason: "ticket 1", by: t.admin, stepUp: nil)
        }
    }

    @Test("a code is accepted once: the same code again is refused as a replay")
    func reuseRefused() throws {
        let (t, order) = try delivered()
        let (code, now) = try t.stepUp(t.admin)
        #expect(try t.store.revealKeys(orderId: order, reason: "ticket 1", by: t.admin, stepUp: code, now: now).count == 1)
        let error = #expect(throws: StoreError.self) {
            _ = try t.store.revealKeys(orderId: order, reason: "ticket 1", by: t.admin, stepUp: code, now: now.addingTimeInterval(5))
        }
        #expect(error?.description.contains("already used") == true)
        let fails = try t.store.auditTail(limit: 1).first
        #expect(fails?.action == "stepup.fail" && fails?.detail.hasPrefix("reused code") == true)
    }

    @Test("through the store a code one step old is accepted, two steps old is refused")
    func driftWindow() throws {
        let (t, order) = try delivered()
        let (_, now) = try t.stepUp(t.admin)
        let secret = try #require(t.totpSecret("alice"))
        let later = now.addingTimeInterval(300)
        #expect(throws: StoreError.self) {
            _ = try t.store.revealKeys(orderId: order, reason: "ticket 1", by: t.admin,
                                       stepUp: TOTP.code(secret: secret, at: later.addingTimeInterval(-60)), now: later)
        }
        #expect(throws: Never.self) {
            _ = try t.store.revealKeys(orderId: order, reason: "ticket 1", by: t.admin,
                                       stepUp: TOTP.code(secret: secret, at: later.addingTimeInterval(-30)), now: later)
        }
    }

    @Test("five wrong codes across two sessions lock step-up for 15 minutes, audited; then it works again")
    func lockoutAcrossSessions() throws {
        let (t, order) = try delivered()
        let (_, now) = try t.stepUp(t.admin)
        let secret = try #require(t.totpSecret("alice"))
        // A second session: another process opening the same database and key file.
        let other = try SQLiteStore.open(at: t.databasePath, keyFilePath: t.keyFilePath)
        let wrong = TOTP.code(secret: secret, at: now) == "000000" ? "111111" : "000000"
        for attempt in 0..<5 {
            let store = attempt.isMultiple(of: 2) ? t.store : other
            let error = #expect(throws: StoreError.self) {
                _ = try store.revealKeys(orderId: order, reason: "ticket 1", by: t.admin, stepUp: wrong, now: now.addingTimeInterval(Double(attempt)))
            }
            #expect(error == .stepUpRefused(reason: "wrong code", attemptsLeft: 4 - attempt))
        }
        let correct = TOTP.code(secret: secret, at: now.addingTimeInterval(60))
        let locked = #expect(throws: StoreError.self) {
            _ = try other.revealKeys(orderId: order, reason: "ticket 1", by: t.admin, stepUp: correct, now: now.addingTimeInterval(60))
        }
        guard case .lockedOut = locked else { Issue.record("expected a lockout, got \(String(describing: locked))"); return }
        let actions = try t.store.auditTail(limit: 8).map(\.action)
        #expect(actions.filter { $0 == "stepup.fail" }.count == 5)
        #expect(actions.contains("stepup.lockout") && actions.first == "stepup.locked")
        let after = now.addingTimeInterval(StepUpPolicy.window + 60)
        #expect(throws: Never.self) {
            _ = try t.store.revealKeys(orderId: order, reason: "ticket 1", by: t.admin, stepUp: TOTP.code(secret: secret, at: after), now: after)
        }
    }

    @Test("replacing an authenticator needs a code from the current one; the secret is never audited")
    func reEnrol() throws {
        let t = try TestStore()
        let first = try t.store.enrolTOTP(for: t.admin)
        #expect(first.uri.hasPrefix("otpauth://totp/Kameng:alice?secret=\(first.secretBase32)&"))
        #expect(Base32.decode(first.secretBase32)?.count == 20)
        #expect(throws: StoreError.stepUpRequired(action: "replace your authenticator")) { _ = try t.store.enrolTOTP(for: t.admin) }
        let now = Date().addingTimeInterval(60)
        let code = TOTP.code(secret: Base32.decode(first.secretBase32)!, at: now)
        let second = try t.store.enrolTOTP(for: t.admin, stepUp: code, now: now)
        #expect(second.secretBase32 != first.secretBase32)
        let log = try t.store.auditTail(limit: 50).map { $0.detail + $0.target }.joined()
        #expect(!log.contains(first.secretBase32) && !log.contains(second.secretBase32))
        let sealed = try t.store.pool.read { db in try Data.fetchOne(db, sql: "SELECT secret_sealed FROM staff_totp") }
        #expect(sealed?.range(of: Base32.decode(second.secretBase32)!) == nil)
    }

    @Test("the published demo secret is refused outside a demo database")
    func demoSecretOnlyInDemo() throws {
        let t = try TestStore()
        #expect(throws: StoreError.self) { _ = try t.store.enrolDemoTOTP(for: t.admin) }
    }

    @Test("an admin resets a lost authenticator with step-up; the person can enrol again without a code")
    func reset() throws {
        let t = try TestStore()
        let sam = try t.addStaff("sam", role: .support)
        _ = try t.store.enrolTOTP(for: sam)
        let (code, now) = try t.stepUp(t.admin)
        try t.store.resetTOTP(userName: "sam", by: t.admin, stepUp: code, now: now)
        #expect(try !t.store.hasAuthenticator(sam))
        #expect(throws: Never.self) { _ = try t.store.enrolTOTP(for: sam) }
        #expect(throws: StoreError.self) { try t.store.resetTOTP(userName: "alice", by: sam, stepUp: nil) }
    }
}
