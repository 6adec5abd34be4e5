import Crypto
import Foundation
import KamengStorage

/// Delivered keys sealed to their own shop: `{"alg":"A256GCM","nonce":…,"ciphertext":…}` (base64 with
/// padding; the ciphertext is followed by the 16-byte tag). Only a holder of the substation's secret
/// opens it, so a TLS-terminating proxy's logs never hold a key.
public struct SealedKeys: Codable, Sendable, Equatable {
    public var alg: String
    public var nonce: String
    public var ciphertext: String

    public init(alg: String, nonce: String, ciphertext: String) {
        self.alg = alg
        self.nonce = nonce
        self.ciphertext = ciphertext
    }
}

/// Why sealed keys did not open.
public enum DeliverySealError: Error, Equatable, Sendable {
    case unknownAlgorithm
    case badEncoding
    /// The tag did not verify: another secret, another order, or altered bytes.
    case notAuthentic
    case badPlaintext
}

/// Sealing as Docs/API.md gives it: key = HKDF-SHA256(IKM = the secret's UTF-8 bytes, salt =
/// `kameng-delivery-v1`, info = CODE + "\n" + orderNo, 32 bytes); AES-256-GCM with a random 12-byte nonce
/// and the order number as associated data; the plaintext a JSON array of `{"number","secret"}`.
public enum DeliverySeal {
    public static let algorithm = "A256GCM"

    public static func seal(_ keys: [DeliveredKeyText], secret: String, substation: String, orderNo: String) -> SealedKeys {
        let plaintext = plaintext(keys)
        // AES.GCM.seal only fails for a nonce or key of the wrong size, which are fixed here.
        let box = try! AES.GCM.seal(plaintext, using: key(secret: secret, substation: substation, orderNo: orderNo),
                                    nonce: AES.GCM.Nonce(), authenticating: Array(orderNo.utf8))
        return SealedKeys(alg: algorithm, nonce: box.nonce.withUnsafeBytes { Data($0) }.base64EncodedString(),
                          ciphertext: (box.ciphertext + box.tag).base64EncodedString())
    }

    public static func open(_ sealed: SealedKeys, secret: String, substation: String, orderNo: String) throws(DeliverySealError) -> [DeliveredKeyText] {
        guard sealed.alg == algorithm else { throw .unknownAlgorithm }
        guard let nonceBytes = Data(base64Encoded: sealed.nonce), nonceBytes.count == 12,
              let combined = Data(base64Encoded: sealed.ciphertext), combined.count >= 16,
              let nonce = try? AES.GCM.Nonce(data: nonceBytes),
              let box = try? AES.GCM.SealedBox(nonce: nonce, ciphertext: combined.dropLast(16), tag: combined.suffix(16))
        else { throw .badEncoding }
        let plain: Data
        do {
            plain = try AES.GCM.open(box, using: key(secret: secret, substation: substation, orderNo: orderNo),
                                     authenticating: Array(orderNo.utf8))
        } catch {
            throw .notAuthentic
        }
        guard let wire = try? JSONDecoder().decode([WireKey].self, from: plain) else { throw .badPlaintext }
        return wire.map { DeliveredKeyText(number: $0.number, secret: $0.secret) }
    }

    static func key(secret: String, substation: String, orderNo: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: Array(secret.utf8)), salt: Array("kameng-delivery-v1".utf8),
                               info: Array("\(substation)\n\(orderNo)".utf8), outputByteCount: 32)
    }

    /// `number` is written as `null` when absent (the documented shape), not left out.
    static func plaintext(_ keys: [DeliveredKeyText]) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        // Encoding strings cannot fail.
        return try! encoder.encode(keys.map { WireKey(number: $0.number, secret: $0.secret) })
    }

    private struct WireKey: Codable {
        var number: String?
        var secret: String

        enum CodingKeys: String, CodingKey { case number, secret }

        init(number: String?, secret: String) {
            self.number = number
            self.secret = secret
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            number = try c.decodeIfPresent(String.self, forKey: .number)
            secret = try c.decode(String.self, forKey: .secret)
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(number, forKey: .number)
            try c.encode(secret, forKey: .secret)
        }
    }
}
