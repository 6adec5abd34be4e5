/// One intake line: `{"substation": CODE, "payload": TEXT, "sig": HEX}`. The payload is a JSON document
/// carried as a string, so the bytes the substation signed are exactly the bytes that arrive; the
/// signature is `hex(HMAC-SHA256(substation API secret, UTF-8 bytes of TEXT))` (Docs/Intake.md).
public struct IntakeEnvelope: Hashable, Sendable {
    /// The substation code as given (checked against the store, never trusted).
    public var substation: String
    public var payload: String
    /// The signature text as given; nil for an unsigned line. Checked by the store, which holds the secret.
    public var signature: String?

    public init(substation: String, payload: String, signature: String?) {
        self.substation = substation
        self.payload = payload
        self.signature = signature
    }

    /// Longest line read: an envelope around any sensible payload is far smaller.
    public static let maxLineBytes = 16_384

    /// Reads the envelope of one line. Unknown fields are refused, so that a misspelt `signature`
    /// is reported instead of the line being taken as unsigned.
    public static func parse(_ line: [UInt8]) throws(IntakeProblem) -> IntakeEnvelope {
        guard line.count <= maxLineBytes else { throw .malformed("line longer than \(maxLineBytes) bytes") }
        guard case let .object(fields) = try IntakeJSON.parse(line) else { throw .malformed("the line is not a JSON object") }
        var substation: String?, payload: String?, signature: String?
        for (key, value) in fields {
            switch (key, value) {
            case ("substation", .string(let s)): substation = s
            case ("payload", .string(let s)): payload = s
            case ("sig", .string(let s)): signature = s
            case ("sig", .null): signature = nil
            case ("substation", _), ("payload", _), ("sig", _): throw .malformed("field \"\(key)\": expected a string")
            default: throw .malformed("unknown field \"\(IntakeProblem.clip(key))\" (expected substation, payload, sig)")
            }
        }
        guard let substation, !substation.isEmpty else { throw .malformed("missing field \"substation\"") }
        guard let payload else { throw .malformed("missing field \"payload\"") }
        return IntakeEnvelope(substation: substation, payload: payload, signature: signature)
    }

    /// The signature as 32 bytes, or nil unless it is exactly 64 hexadecimal digits (either case).
    public var signatureBytes: [UInt8]? {
        guard let signature else { return nil }
        let text = Array(signature.utf8)
        guard text.count == 64 else { return nil }
        var out = [UInt8](repeating: 0, count: 32)
        for i in 0..<32 {
            guard let high = Self.nibble(text[2 * i]), let low = Self.nibble(text[2 * i + 1]) else { return nil }
            out[i] = high << 4 | low
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x61...0x66: c - 0x61 + 10
        case 0x41...0x46: c - 0x41 + 10
        default: nil
        }
    }

    /// Compares two MACs in time that depends only on their length, so a forger timing rejections
    /// learns nothing about how many leading bytes were right.
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in 0..<a.count { difference |= a[i] ^ b[i] }
        return difference == 0
    }
}
