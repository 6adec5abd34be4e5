import Crypto
import KamengDomain

/// The line signature of Docs/Intake.md (`hex(HMAC-SHA256(secret text, payload text))`), computed here
/// as the store computes it, so the server can check a line before it reads the line's payload.
enum IntakeSignature {
    static func hex(payload: String, secret: String) -> String {
        Hex.string(HMAC<SHA256>.authenticationCode(for: Array(payload.utf8), using: SymmetricKey(data: Array(secret.utf8))))
    }
}
