import Crypto
import Foundation
import KamengDomain

/// The HMACs of the API (Docs/API.md): keyed with the UTF-8 bytes of the substation's secret text,
/// lowercase hex. The server verifies with these and shops (the simulator, the tests) sign with them,
/// so both sides are one construction.
public enum RequestSigning {
    /// `POST /v1/events`: over `"POST\n/v1/events\n" + timestamp + "\n" + hex(SHA-256(body))`.
    public static func events(secret: String, timestamp: Int, body: [UInt8]) -> String {
        mac(secret, "POST\n/v1/events\n\(timestamp)\n" + Hex.string(SHA256.hash(data: body)))
    }

    /// `GET /v1/orders/{orderNo}`: over `"GET\n/v1/orders/" + orderNo + "\n" + timestamp`.
    public static func order(secret: String, timestamp: Int, orderNo: String) -> String {
        mac(secret, "GET\n/v1/orders/\(orderNo)\n\(timestamp)")
    }

    /// A notice to a shop: over `"notice\n" + timestamp + "\n" + body`.
    public static func notice(secret: String, timestamp: Int, body: [UInt8]) -> String {
        var message = Array("notice\n\(timestamp)\n".utf8)
        message.append(contentsOf: body)
        return Hex.string(HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Array(secret.utf8))))
    }

    /// Whether `signature` (hex, either case) is `expected`, compared in time that depends only on the
    /// length, so a forger timing refusals learns nothing about how much of it was right.
    public static func matches(_ signature: String, _ expected: String) -> Bool {
        IntakeEnvelope.constantTimeEqual(Array(signature.lowercased().utf8), Array(expected.utf8))
    }

    private static func mac(_ secret: String, _ message: String) -> String {
        Hex.string(HMAC<SHA256>.authenticationCode(for: Array(message.utf8), using: SymmetricKey(data: Array(secret.utf8))))
    }
}
