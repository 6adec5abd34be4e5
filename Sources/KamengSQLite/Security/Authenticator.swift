@preconcurrency import Crypto
import Foundation
import GRDB
import KamengDomain
import KamengStorage
import KamengVault

extension SQLiteStore {
    /// The fixed secret `kameng demo` enrols for its admin, printed by the demo so it can be used at once.
    /// Accepted only in a database carrying the demo marker (`demo_marker`, written by `kameng demo`): a
    /// real database never has a known secret.
    public static let demoTOTPSecretBase32 = "NNQW2ZLOM4WWIZLNN4WW63TMPEWW65DQ"

    /// Enrols an authenticator for `actor` themself. The first enrolment needs no code (nothing could
    /// produce one yet: this is how the first admin bootstraps step-up); replacing an authenticator
    /// needs a code from the current one. Audited; the secret is never in the log.
    func enrolTOTP(for actor: Staff, stepUp code: String? = nil, now: Date = Date()) throws -> TOTPEnrolment {
        try require(actor, .enrolOwnTOTP)
        var secret = [UInt8](repeating: 0, count: TOTP.secretBytes)
        secret.withUnsafeMutableBytes { buffer in
            // SymmetricKey draws from the system CSPRNG; its bytes become the shared secret.
            SymmetricKey(size: .init(bitCount: TOTP.secretBytes * 8)).withUnsafeBytes { buffer.copyMemory(from: $0) }
        }
        return try enrol(actor, secret: Data(secret), code: code, demo: false, now: now)
    }

    /// Enrols the published demo secret for the demo's admin; refused outside a demo database.
    func enrolDemoTOTP(for actor: Staff, now: Date = Date()) throws -> TOTPEnrolment {
        try require(actor, .enrolOwnTOTP)
        let isDemo = try pool.read { db in try Bool.fetchOne(db, sql: "SELECT 1 FROM demo_marker WHERE id = 1") } ?? false
        guard isDemo else { throw StoreError.notADemo }
        return try enrol(actor, secret: Base32.decode(Self.demoTOTPSecretBase32)!, code: nil, demo: true, now: now)
    }

    private func enrol(_ actor: Staff, secret: Data, code: String?, demo: Bool, now: Date) throws -> TOTPEnrolment {
        guard let staffId = actor.id else { throw StoreError.unknownStaff(user: actor.userName) }
        if try hasAuthenticator(actor) {
            try stepUp(actor, code: code, action: "replace your authenticator", now: now)
        }
        let sealed = try vault.seal(secret, context: Self.totpContext(staffId: staffId))
        try dbWrite { db in
            try db.execute(sql: """
                INSERT INTO staff_totp (staff_id, secret_sealed, last_step, enrolled_at) VALUES (?, ?, NULL, ?)
                ON CONFLICT (staff_id) DO UPDATE SET secret_sealed = excluded.secret_sealed, last_step = NULL,
                    enrolled_at = excluded.enrolled_at, last_success_at = NULL
                """, arguments: [staffId, sealed, StoreTime.string(now)])
            try sealPowerRow(db, .totp, id: staffId)
            try appendAudit(db, actor: actor.userName, action: "staff.totp.enrol", target: "staff:\(actor.userName)",
                            detail: demo ? "demo secret (published; demo databases only)" : "new authenticator", at: now)
        }
        let base32 = Base32.encode(secret)
        return TOTPEnrolment(secretBase32: base32, uri: TOTP.uri(secretBase32: base32, account: actor.userName))
    }

    /// Removes another person's authenticator (a lost phone) so they can enrol again; admin with step-up.
    func resetTOTP(userName: String, by actor: Staff, stepUp code: String?, now: Date = Date()) throws {
        try require(actor, .manageStaff)
        let target = try staff(userName: userName)
        try stepUp(actor, code: code, for: .manageStaff, now: now)
        try dbWrite { db in
            try db.execute(sql: "DELETE FROM staff_totp WHERE staff_id = ?", arguments: [target.id])
            guard db.changesCount == 1 else { throw StoreError.notFound(.authenticator(user: userName)) }
            try db.execute(sql: "DELETE FROM step_up_failures WHERE staff_id = ?", arguments: [target.id])
            try appendAudit(db, actor: actor.userName, action: "staff.totp.reset", target: "staff:\(userName)", detail: "", at: now)
        }
    }
}
