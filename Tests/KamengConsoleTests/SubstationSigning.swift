import Foundation
import KamengDomain
import KamengVault
import KamengTestSupport

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

/// Step-up codes for one demo database at a time: each later than the last (the store refuses a
/// replay), so a test that reads a substation's secret (step-up since the API: the secret opens
/// delivered keys) and then approves or reveals with a code does not reuse one.
enum DemoCodes {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var byDatabase: [String: FreshCodes] = [:]

    static func next(for database: String) throws -> String {
        let codes = lock.withLock {
            if let codes = byDatabase[database] { return codes }
            let codes = FreshCodes(secret: Base32.decode(DemoAuthenticator.secretBase32)!)
            byDatabase[database] = codes
            return codes
        }
        return try codes.next()
    }
}

enum DemoSecrets {
    /// A demo substation's API secret through the real binary (`substation secret CODE --code …`).
    /// `db` nil: the environment's default database.
    static func secret(of code: String, db: String?, environment: [String: String]) throws -> String {
        let key = db ?? environment["XDG_DATA_HOME"] ?? "default"
        let arguments = ["substation", "secret", code, "--code", try DemoCodes.next(for: key)] + (db.map { ["--db", $0] } ?? [])
        return try TestProgram.run(EndToEndTests.binary, arguments, environment: environment).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
