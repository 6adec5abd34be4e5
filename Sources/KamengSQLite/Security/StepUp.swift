import Foundation
import GRDB
import KamengDomain
import KamengStorage
import KamengVault

/// Throttling of step-up codes: counted in the database, so every session and process shares it.
enum StepUpPolicy {
    /// Wrong codes allowed within `window` before step-up is locked.
    static let maxFailures = 5
    /// How far back failures count, and how long a lockout lasts after the failure that caused it.
    static let window: TimeInterval = 15 * 60
}

extension SQLiteStore {
    /// Checks a fresh TOTP code for a sensitive action, in a transaction of its own: a wrong code is
    /// recorded (and audited) even though the action it was meant for will not run. Accepting a code
    /// stores its step, so the same code (or an older one) is never accepted again.
    func stepUp(_ actor: Staff, code: String?, for permission: Permission, now: Date) throws {
        try stepUp(actor, code: code, action: permission.rawValue, now: now)
    }

    func stepUp(_ actor: Staff, code: String?, action: String, now: Date) throws {
        guard let staffId = actor.id else { throw StoreError.unknownStaff(user: actor.userName) }
        guard let code else {
            let enrolled = try pool.read { db in try Bool.fetchOne(db, sql: "SELECT 1 FROM staff_totp WHERE staff_id = ?", arguments: [staffId]) } ?? false
            throw enrolled ? StoreError.stepUpRequired(action: action) : StoreError.notEnrolled(user: actor.userName)
        }
        let failure: StoreError? = try dbWrite { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT \(PowerRowTable.totp.columns), last_step, last_success_at FROM staff_totp WHERE staff_id = ?
                """, arguments: [staffId]) else {
                return StoreError.notEnrolled(user: actor.userName)
            }
            // An authenticator swapped in SQL (someone else's sealed secret) must not pass a step-up.
            try checkPowerRow(.totp, row)
            let recent = try recentFailures(db, staffId: staffId, lastSuccess: row["last_success_at"], now: now)
            if recent.count >= StepUpPolicy.maxFailures {
                let until = StoreTime.string(recent[StepUpPolicy.maxFailures - 1].addingTimeInterval(StepUpPolicy.window))
                try appendAudit(db, actor: actor.userName, action: "stepup.locked", target: "staff:\(actor.userName)",
                                detail: "refused while locked, for \(action)", at: now)
                return StoreError.lockedOut(user: actor.userName, until: until)
            }
            let secret = try vault.open(row["secret_sealed"], context: Self.totpContext(staffId: staffId))
            switch TOTP.check(code, secret: secret, at: now, lastAcceptedStep: row["last_step"]) {
            case let .accepted(step):
                try db.execute(sql: "UPDATE staff_totp SET last_step = ?, last_success_at = ? WHERE staff_id = ?",
                               arguments: [step, StoreTime.string(now), staffId])
                return nil
            case let check:
                let reason = check == .reused ? "this code was already used; wait for the next one" : "wrong code"
                try db.execute(sql: "INSERT INTO step_up_failures (staff_id, at) VALUES (?, ?)", arguments: [staffId, StoreTime.string(now)])
                let failures = recent.count + 1
                try appendAudit(db, actor: actor.userName, action: "stepup.fail", target: "staff:\(actor.userName)",
                                detail: "\(check == .reused ? "reused" : "wrong") code for \(action) (\(failures) of \(StepUpPolicy.maxFailures))", at: now)
                if failures >= StepUpPolicy.maxFailures {
                    try appendAudit(db, actor: actor.userName, action: "stepup.lockout", target: "staff:\(actor.userName)",
                                    detail: "\(failures) wrong codes in \(Int(StepUpPolicy.window / 60)) min", at: now)
                }
                return StoreError.stepUpRefused(reason: reason, attemptsLeft: max(0, StepUpPolicy.maxFailures - failures))
            }
        }
        if let failure { throw failure }
    }

    /// Failures in the window and since the last success, newest first.
    private func recentFailures(_ db: Database, staffId: Int64, lastSuccess: String?, now: Date) throws -> [Date] {
        let since = max(StoreTime.string(now.addingTimeInterval(-StepUpPolicy.window)), lastSuccess ?? "")
        return try Date.fetchAll(db, sql: "SELECT at FROM step_up_failures WHERE staff_id = ? AND at > ? ORDER BY at DESC",
                                 arguments: [staffId, since])
    }

    static func totpContext(staffId: Int64) -> Data { Data("kameng.totp.v1|staff:\(staffId)".utf8) }

    /// Whether `user` has an authenticator enrolled (the CLI asks before prompting for a code).
    func hasAuthenticator(_ actor: Staff) throws -> Bool {
        guard let id = actor.id else { return false }
        return try pool.read { db in try Bool.fetchOne(db, sql: "SELECT 1 FROM staff_totp WHERE staff_id = ?", arguments: [id]) } ?? false
    }
}
