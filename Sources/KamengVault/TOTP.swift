@preconcurrency import Crypto
import Foundation
import KamengDomain

/// HOTP (RFC 4226) with HMAC-SHA-1: the counter-based one-time password TOTP is built on.
public enum HOTP {
    /// The `digits`-digit code for `counter`, zero-padded (RFC 4226 §5.3 dynamic truncation).
    public static func code(secret: some DataProtocol, counter: UInt64, digits: Int = 6) -> String {
        var big = counter.bigEndian
        let message = withUnsafeBytes(of: &big) { Data($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret))))
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let binary = (UInt32(mac[offset] & 0x7F) << 24) | (UInt32(mac[offset + 1]) << 16)
            | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(binary % modulus)
        return String(repeating: "0", count: digits - value.count) + value
    }
}

/// TOTP (RFC 6238) as Kameng uses it for step-up: SHA-1, 6 digits, 30-second steps, one step of
/// clock drift either way, and a code never accepted twice (the caller keeps the last accepted step).
public enum TOTP {
    public static let period: Int64 = 30
    public static let digits = 6
    /// Steps accepted either side of now: ±1 covers phone clocks a little off and a code typed late.
    public static let window: Int64 = 1
    /// 160-bit secrets, as RFC 4226 §4 recommends.
    public static let secretBytes = 20

    /// The time step (`T` of RFC 6238) containing `date`.
    public static func step(at date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 / Double(period)).rounded(.down))
    }

    public static func code(secret: some DataProtocol, at date: Date, digits: Int = TOTP.digits) -> String {
        HOTP.code(secret: secret, counter: UInt64(max(0, step(at: date))), digits: digits)
    }

    /// What checking a code found.
    public enum Check: Equatable, Sendable {
        /// It matched this step, which is later than the last accepted one.
        case accepted(step: Int64)
        /// It matched a step already used (or older than one used): a replay, refused.
        case reused
        case wrong
    }

    /// Checks `code` against the steps within ±`window` of `date`. Comparison is constant-time per
    /// candidate so timing does not tell how many digits were right.
    public static func check(_ code: String, secret: some DataProtocol, at date: Date, lastAcceptedStep: Int64?) -> Check {
        guard code.utf8.count == digits, code.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else { return .wrong }
        let now = step(at: date)
        var matched: Int64?
        for candidate in (now - window)...(now + window) where candidate >= 0 {
            let expected = HOTP.code(secret: secret, counter: UInt64(candidate))
            if constantTimeEqual(expected, code) { matched = candidate }
        }
        guard let matched else { return .wrong }
        if let lastAcceptedStep, matched <= lastAcceptedStep { return .reused }
        return .accepted(step: matched)
    }

    /// The otpauth URI authenticator apps read from a QR code or a paste.
    public static func uri(secretBase32: String, account: String, issuer: String = "Kameng") -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let label = (issuer + ":" + account).addingPercentEncoding(withAllowedCharacters: allowed.union([":"])) ?? account
        let issuerParam = issuer.addingPercentEncoding(withAllowedCharacters: allowed) ?? issuer
        return "otpauth://totp/\(label)?secret=\(secretBase32)&issuer=\(issuerParam)&algorithm=SHA1&digits=\(digits)&period=\(period)"
    }

    package static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<x.count { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}
