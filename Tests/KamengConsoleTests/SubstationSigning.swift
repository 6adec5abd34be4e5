import Foundation
import KamengDomain
import Testing

// What the end-to-end tests do as a substation or a person with a phone would, without importing the
// store: sign intake lines (HMAC-SHA256, as Docs/Intake.md specifies) and compute TOTP codes (RFC 6238,
// HMAC-SHA1) for the demo's published authenticator secret. Small, unoptimised SHA-1 and SHA-256 are
// enough for a few lines and codes per test.

enum DemoAuthenticator {
    /// The published demo secret `kameng demo` enrols for its admin and prints (DEMO ONLY).
    static let secretBase32 = "NNQW2ZLOM4WWIZLNN4WW63TMPEWW65DQ"

    /// The code an authenticator app shows at `date` (SHA-1, 6 digits, 30-second steps).
    static func code(at date: Date = Date()) -> String {
        TestTOTP.code(secret: Array(Base32.decode(secretBase32)!), at: date)
    }
}

enum TestTOTP {
    static func code(secret: [UInt8], at date: Date) -> String {
        var counter = UInt64(date.timeIntervalSince1970 / 30).bigEndian
        let mac = HMAC.sha1(key: secret, message: withUnsafeBytes(of: &counter) { Array($0) })
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let binary = (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16) | (UInt32(mac[offset + 2]) << 8)
            | UInt32(mac[offset + 3])
        let value = String(binary % 1_000_000)
        return String(repeating: "0", count: 6 - value.count) + value
    }
}

enum TestIntake {
    /// One signed intake line (without its newline), as a substation holding `secret` sends it.
    static func line(_ payload: IntakePayload, substation: String, secret: String) -> String {
        let text = payload.text
        let signature = HMAC.sha256(key: Array(secret.utf8), message: Array(text.utf8)).map { String(format: "%02x", $0) }.joined()
        return IntakePayload.envelopeLine(substation: substation, payloadText: text, signatureHex: signature)
    }
}

enum HMAC {
    static func sha1(key: [UInt8], message: [UInt8]) -> [UInt8] { mac(key: key, message: message, hash: SHA.sha1) }
    static func sha256(key: [UInt8], message: [UInt8]) -> [UInt8] { mac(key: key, message: message, hash: SHA.sha256) }

    private static func mac(key: [UInt8], message: [UInt8], hash: ([UInt8]) -> [UInt8]) -> [UInt8] {
        var block = key.count > 64 ? hash(key) : key
        block += [UInt8](repeating: 0, count: 64 - block.count)
        return hash(block.map { $0 ^ 0x5C } + hash(block.map { $0 ^ 0x36 } + message))
    }
}

enum SHA {
    /// The message padded to 64-byte blocks with its bit length (big-endian) at the end, as both hashes want.
    private static func padded(_ message: [UInt8]) -> [UInt8] {
        var bytes = message + [0x80]
        while bytes.count % 64 != 56 { bytes.append(0) }
        let bits = UInt64(message.count) * 8
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
        return bytes
    }

    private static func words(_ chunk: ArraySlice<UInt8>) -> [UInt32] {
        stride(from: chunk.startIndex, to: chunk.endIndex, by: 4).map { i in
            UInt32(chunk[i]) << 24 | UInt32(chunk[i + 1]) << 16 | UInt32(chunk[i + 2]) << 8 | UInt32(chunk[i + 3])
        }
    }

    private static func bytes(_ state: [UInt32]) -> [UInt8] {
        state.flatMap { word in [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: word >> UInt32($0)) } }
    }

    private static func rotl(_ x: UInt32, _ n: UInt32) -> UInt32 { x << n | x >> (32 - n) }
    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { x >> n | x << (32 - n) }

    static func sha1(_ message: [UInt8]) -> [UInt8] {
        var h: [UInt32] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0]
        let data = padded(message)
        for start in stride(from: 0, to: data.count, by: 64) {
            var w = words(data[start..<start + 64])
            for t in 16..<80 { w.append(rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1)) }
            var (a, b, c, d, e) = (h[0], h[1], h[2], h[3], h[4])
            for t in 0..<80 {
                let (f, k): (UInt32, UInt32) = switch t {
                case 0..<20: ((b & c) | (~b & d), 0x5A82_7999)
                case 20..<40: (b ^ c ^ d, 0x6ED9_EBA1)
                case 40..<60: ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC)
                default: (b ^ c ^ d, 0xCA62_C1D6)
                }
                let temp = rotl(a, 5) &+ f &+ e &+ k &+ w[t]
                (e, d, c, b, a) = (d, c, rotl(b, 30), a, temp)
            }
            h = zip(h, [a, b, c, d, e]).map { $0 &+ $1 }
        }
        return bytes(h)
    }

    private static let k256: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]

    static func sha256(_ message: [UInt8]) -> [UInt8] {
        var h: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
        let data = padded(message)
        for start in stride(from: 0, to: data.count, by: 64) {
            var w = words(data[start..<start + 64])
            for t in 16..<64 {
                let s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3)
                let s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10)
                w.append(w[t - 16] &+ s0 &+ w[t - 7] &+ s1)
            }
            var v = h
            for t in 0..<64 {
                let s1 = rotr(v[4], 6) ^ rotr(v[4], 11) ^ rotr(v[4], 25)
                let ch = (v[4] & v[5]) ^ (~v[4] & v[6])
                let t1 = v[7] &+ s1 &+ ch &+ k256[t] &+ w[t]
                let s0 = rotr(v[0], 2) ^ rotr(v[0], 13) ^ rotr(v[0], 22)
                let maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2])
                v = [t1 &+ s0 &+ maj, v[0], v[1], v[2], v[3] &+ t1, v[4], v[5], v[6]]
            }
            h = zip(h, v).map { $0 &+ $1 }
        }
        return bytes(h)
    }
}

@Suite("the end-to-end tests' signing and TOTP helpers")
struct SubstationSigningTests {
    @Test func knownAnswers() {
        let fox = Array("The quick brown fox jumps over the lazy dog".utf8)
        func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
        #expect(hex(HMAC.sha256(key: Array("key".utf8), message: fox)) == "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8")
        #expect(hex(HMAC.sha1(key: Array("key".utf8), message: fox)) == "de7c9b85b8b78aa6bc8a7a36f70a90701c9db4d9")
        #expect(hex(SHA.sha256([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        // The demo secret at 2026-11-22 06:00 UTC, as Python's hmac/hashlib compute it.
        #expect(DemoAuthenticator.code(at: Date(timeIntervalSince1970: 1_795_327_200)) == "865903")
    }
}
