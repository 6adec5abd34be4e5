import Foundation
import KamengDomain
import KamengVault

// What a substation and a staff member's phone compute. KamengVault holds these constructions
// (Docs/Intake.md, RFC 4226/6238) above every engine, so the suite signs with the same code a real
// substation library would, and no engine can pass by agreeing with a copy of its own.

enum SubstationSigner {
    /// One intake line, signed as the substation with `secret` signs it.
    static func line(_ payload: IntakePayload, substation: String, secret: String) -> String {
        IntakeSigner.line(payload, substation: substation, secret: secret)
    }
}

enum Authenticator {
    static func step(at date: Date) -> Int64 { TOTP.step(at: date) }

    /// The 6-digit HOTP code (SHA-1) for `step`.
    static func code(secret: Data, step: Int64) -> String { HOTP.code(secret: secret, counter: UInt64(step)) }
}
