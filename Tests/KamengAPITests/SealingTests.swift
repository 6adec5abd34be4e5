import Crypto
import Foundation
import KamengAPI
import KamengStorage
import Testing

/// The documented constructions, checked against derivations written here from Docs/API.md with
/// swift-crypto directly, so the server cannot pass by agreeing with a copy of itself.
@Suite("API signing and sealing")
struct SealingTests {
    let secret = "5f2b8c0e9a7d4163b2e8f01c6a9d3e7b4c1f8a2d6e0b9c3f7a5d1e8b2c4f6a90"

    static func hmacHex(_ secret: String, _ message: [UInt8]) -> String {
        HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Array(secret.utf8)))
            .map { String(format: "%02x", $0) }.joined()
    }

    @Test("request signatures are HMAC-SHA256 over exactly the documented strings, lowercase hex")
    func signatures() {
        let body = Array("{\"substation\":\"sh-a\"}".utf8)
        let bodyHash = SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined()
        #expect(RequestSigning.events(secret: secret, timestamp: 1_795_420_800, body: body)
            == Self.hmacHex(secret, Array("POST\n/v1/events\n1795420800\n\(bodyHash)".utf8)))
        #expect(RequestSigning.order(secret: secret, timestamp: 1_795_420_800, orderNo: "SH-1")
            == Self.hmacHex(secret, Array("GET\n/v1/orders/SH-1\n1795420800".utf8)))
        #expect(RequestSigning.notice(secret: secret, timestamp: 1_795_420_800, body: body)
            == Self.hmacHex(secret, Array("notice\n1795420800\n".utf8) + body))
        let signature = RequestSigning.order(secret: secret, timestamp: 1, orderNo: "x")
        #expect(signature == signature.lowercased() && signature.count == 64)
        #expect(RequestSigning.matches(signature.uppercased(), signature))
        #expect(!RequestSigning.matches(RequestSigning.order(secret: secret, timestamp: 2, orderNo: "x"), signature))
    }

    static func openIndependently(_ sealed: SealedKeys, secret: String, substation: String, orderNo: String) throws -> Data {
        let key = HKDF<SHA256>.deriveKey(inputKeyMaterial: SymmetricKey(data: Data(secret.utf8)), salt: Data("kameng-delivery-v1".utf8),
                                         info: Data("\(substation)\n\(orderNo)".utf8), outputByteCount: 32)
        let nonce = try #require(Data(base64Encoded: sealed.nonce))
        let combined = try #require(Data(base64Encoded: sealed.ciphertext))
        let box = try AES.GCM.SealedBox(nonce: AES.GCM.Nonce(data: nonce), ciphertext: combined.dropLast(16), tag: combined.suffix(16))
        return try AES.GCM.open(box, using: key, authenticating: Data(orderNo.utf8))
    }

    @Test("SEALED opens with the documented derivation to a JSON array of {number, secret}, number null when absent")
    func sealing() throws {
        let keys = [DeliveredKeyText(number: "100000000001", secret: "KEY-ONE"), DeliveredKeyText(number: nil, secret: "KEY-\"2\"/二")]
        let sealed = DeliverySeal.seal(keys, secret: secret, substation: "sh-a", orderNo: "SH-1")
        #expect(sealed.alg == "A256GCM")
        #expect(Data(base64Encoded: sealed.nonce)?.count == 12)
        let plain = try Self.openIndependently(sealed, secret: secret, substation: "sh-a", orderNo: "SH-1")
        let array = try #require(try JSONSerialization.jsonObject(with: plain) as? [[String: Any]])
        #expect(array.count == 2)
        #expect(array[0]["number"] as? String == "100000000001" && array[0]["secret"] as? String == "KEY-ONE")
        #expect(array[1]["number"] is NSNull && array[1]["secret"] as? String == "KEY-\"2\"/二")
        #expect(try DeliverySeal.open(sealed, secret: secret, substation: "sh-a", orderNo: "SH-1") == keys)
    }

    @Test("another secret, substation or order does not open it; each seal has its own nonce")
    func wrongKeys() throws {
        let keys = [DeliveredKeyText(number: nil, secret: "K")]
        let sealed = DeliverySeal.seal(keys, secret: secret, substation: "sh-a", orderNo: "SH-1")
        #expect(throws: DeliverySealError.notAuthentic) { try DeliverySeal.open(sealed, secret: secret + "x", substation: "sh-a", orderNo: "SH-1") }
        #expect(throws: DeliverySealError.notAuthentic) { try DeliverySeal.open(sealed, secret: secret, substation: "sh-b", orderNo: "SH-1") }
        #expect(throws: DeliverySealError.notAuthentic) { try DeliverySeal.open(sealed, secret: secret, substation: "sh-a", orderNo: "SH-2") }
        #expect(DeliverySeal.seal(keys, secret: secret, substation: "sh-a", orderNo: "SH-1").nonce != sealed.nonce)
    }

    @Test("answers carry every field, null when empty, as documented")
    func answerShape() throws {
        let answer = EventsAnswer(results: [LineResult(line: 3, status: "accepted", reason: nil, order: nil),
                                            LineResult(line: 4, status: "duplicate", reason: nil,
                                                       order: OrderAnswer(orderNo: "SH-1", status: "paid", keys: nil))])
        let text = String(decoding: try JSONEncoder().encode(answer), as: UTF8.self)
        #expect(text.contains("\"reason\":null") && text.contains("\"order\":null") && text.contains("\"keys\":null"))
        #expect(try JSONDecoder().decode(EventsAnswer.self, from: Data(text.utf8)) == answer)
    }
}
