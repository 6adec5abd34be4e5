@preconcurrency import Crypto
import Foundation
import KamengDomain

// What a substation and a staff member's phone compute, written from the published constructions
// (Docs/Intake.md, RFC 4226/6238) rather than taken from an engine, so the suite checks the engine
// against the specification. (KamengStore's IntakeSigner and TOTP do the same; they move to a shared
// target later, and these can go then.)

enum SubstationSigner {
    /// One intake line, signed as the substation with `secret` signs it:
    /// `hex(HMAC-SHA256(key: UTF-8 of the secret text, message: UTF-8 of the payload text))`.
    static func line(_ payload: IntakePayload, substation: String, secret: String) -> String {
        let text = payload.text
        let mac = HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return IntakePayload.envelopeLine(substation: substation, payloadText: text, signatureHex: Hex.string(mac))
    }
}

enum Authenticator {
    static let period: TimeInterval = 30

    static func step(at date: Date) -> Int64 { Int64((date.timeIntervalSince1970 / period).rounded(.down)) }

    /// The 6-digit HOTP code (SHA-1) for `step`.
    static func code(secret: Data, step: Int64) -> String {
        var counter = UInt64(step).bigEndian
        let message = withUnsafeBytes(of: &counter) { Data($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let binary = (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        let value = String(binary % 1_000_000)
        return String(repeating: "0", count: 6 - value.count) + value
    }
}
