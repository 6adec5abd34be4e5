@preconcurrency import Crypto
import Foundation
import KamengDomain

/// Signs intake lines as a substation does: `hex(HMAC-SHA256(key: UTF-8 bytes of the API secret text,
/// message: UTF-8 bytes of the payload text))`. For the demo simulator, the benchmark and the tests;
/// the store verifies with the same construction (`IntakeKeyring`).
public enum IntakeSigner {
    public static func signature(payload: String, secret: String) -> String {
        Hex.string(HMAC<SHA256>.authenticationCode(for: Data(payload.utf8), using: SymmetricKey(data: Data(secret.utf8))))
    }

    /// One complete intake line (without its newline): the payload's text, signed with `secret`.
    public static func line(_ payload: IntakePayload, substation: String, secret: String) -> String {
        let text = payload.text
        return IntakePayload.envelopeLine(substation: substation, payloadText: text, signatureHex: signature(payload: text, secret: secret))
    }
}
