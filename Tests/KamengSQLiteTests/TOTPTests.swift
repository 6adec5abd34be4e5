import Foundation
import KamengDomain
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage
import KamengVault

/// HOTP and TOTP against the RFCs' own test vectors, then Kameng's acceptance rules.
@Suite("TOTP")
struct TOTPTests {
    static let rfcSecret = Data("12345678901234567890".utf8)

    @Test("RFC 4226 Appendix D: HOTP values for counters 0…9", arguments: zip(0..<10, [
        "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489",
    ]))
    func hotpVectors(counter: Int, expected: String) {
        #expect(HOTP.code(secret: Self.rfcSecret, counter: UInt64(counter)) == expected)
    }

    @Test("RFC 6238 Appendix B: SHA-1 rows (8 digits)", arguments: [
        (59.0, "94287082"), (1_111_111_109, "07081804"), (1_111_111_111, "14050471"),
        (1_234_567_890, "89005924"), (2_000_000_000, "69279037"), (20_000_000_000, "65353130"),
    ])
    func totpVectors(seconds: Double, expected: String) {
        #expect(TOTP.code(secret: Self.rfcSecret, at: Date(timeIntervalSince1970: seconds), digits: 8) == expected)
    }

    @Test("a code is accepted one step either side, refused two steps away")
    func window() {
        let now = Date(timeIntervalSince1970: 1_800_000_015)
        for offset in [-30.0, 0, 30] {
            let code = TOTP.code(secret: Self.rfcSecret, at: now.addingTimeInterval(offset))
            #expect(TOTP.check(code, secret: Self.rfcSecret, at: now, lastAcceptedStep: nil) == .accepted(step: TOTP.step(at: now) + Int64(offset / 30)))
        }
        for offset in [-60.0, 60] {
            let code = TOTP.code(secret: Self.rfcSecret, at: now.addingTimeInterval(offset))
            #expect(TOTP.check(code, secret: Self.rfcSecret, at: now, lastAcceptedStep: nil) == .wrong, "offset \(offset)")
        }
    }

    @Test("a code is never accepted twice, nor an older one after a newer")
    func reuse() {
        let now = Date(timeIntervalSince1970: 1_800_000_015)
        let step = TOTP.step(at: now)
        let code = TOTP.code(secret: Self.rfcSecret, at: now)
        #expect(TOTP.check(code, secret: Self.rfcSecret, at: now, lastAcceptedStep: step) == .reused)
        let older = TOTP.code(secret: Self.rfcSecret, at: now.addingTimeInterval(-30))
        #expect(TOTP.check(older, secret: Self.rfcSecret, at: now, lastAcceptedStep: step) == .reused)
        let next = TOTP.code(secret: Self.rfcSecret, at: now.addingTimeInterval(30))
        #expect(TOTP.check(next, secret: Self.rfcSecret, at: now.addingTimeInterval(30), lastAcceptedStep: step) == .accepted(step: step + 1))
    }

    @Test("malformed codes are wrong, not errors", arguments: ["", "12345", "1234567", "12345a", " 123456", "１２３４５６"])
    func malformed(code: String) {
        #expect(TOTP.check(code, secret: Self.rfcSecret, at: Date(), lastAcceptedStep: nil) == .wrong)
    }

    @Test("base32 round-trips and matches RFC 4648's vectors")
    func base32() {
        #expect(Base32.encode(Data("foobar".utf8)) == "MZXW6YTBOI")
        #expect(Base32.encode(Data("f".utf8)) == "MY")
        #expect(Base32.decode("mzxw 6ytb oi======") == Data("foobar".utf8))
        #expect(Base32.decode("MZ1W") == nil)
        #expect(Base32.encode(Self.rfcSecret) == "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
    }

    @Test("the otpauth URI names issuer, account and parameters")
    func uri() {
        #expect(TOTP.uri(secretBase32: "ABC", account: "alice")
                == "otpauth://totp/Kameng:alice?secret=ABC&issuer=Kameng&algorithm=SHA1&digits=6&period=30")
    }
}
