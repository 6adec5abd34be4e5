import Foundation
import KamengDomain
import KamengVault

// What the end-to-end tests do as a substation or a person with a phone would: sign intake lines and
// compute TOTP codes, through KamengVault (the shared, engine-independent crypto), never the store.

enum DemoAuthenticator {
    /// The published demo secret `kameng demo` enrols for its admin and prints (DEMO ONLY).
    static let secretBase32 = "NNQW2ZLOM4WWIZLNN4WW63TMPEWW65DQ"

    /// The code an authenticator app shows at `date` (SHA-1, 6 digits, 30-second steps).
    static func code(at date: Date = Date()) -> String {
        TOTP.code(secret: Base32.decode(secretBase32)!, at: date)
    }

    /// Codes for one test's step-ups on one demo database, each for a later step than the last: a test
    /// that reads a substation's secret (admin, step-up) and then steps up again must not reuse a code.
    static func freshCodes() -> FreshCodes { FreshCodes(secret: Base32.decode(secretBase32)!) }
}

enum TestIntake {
    /// One signed intake line (without its newline), as a substation holding `secret` sends it.
    static func line(_ payload: IntakePayload, substation: String, secret: String) -> String {
        IntakeSigner.line(payload, substation: substation, secret: secret)
    }
}
