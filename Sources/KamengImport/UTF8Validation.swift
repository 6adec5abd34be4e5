/// Strict UTF-8 checks on raw bytes (no overlongs, no surrogates, nothing above U+10FFFF).
///
/// Written by hand rather than with `String(validating:)` because the hot path needs a verdict
/// on a borrowed buffer without building a String, and detection needs "valid except for a
/// sequence cut by the end of the sample".
enum UTF8Validation {
    /// Result of scanning a buffer.
    enum Verdict: Equatable {
        /// Every sequence is complete and valid.
        case valid
        /// Valid, but the buffer ends inside a multi-byte sequence (fine for a sample cut mid-file).
        case truncated
        /// An invalid byte sequence starts at this offset.
        case invalid(at: Int)
    }

    /// True when the whole buffer is valid UTF-8.
    @inline(__always)
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        check(bytes) == .valid
    }

    /// Scans `bytes`, with an 8-bytes-at-a-time skip over ASCII runs.
    static func check(_ bytes: UnsafeBufferPointer<UInt8>) -> Verdict {
        let n = bytes.count
        guard let base = bytes.baseAddress else { return .valid }
        var i = 0
        while i < n {
            // Fast skip: 8 ASCII bytes at once (unaligned load is fine on x86_64 and arm64).
            while i + 8 <= n {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 != 0 { break }
                i += 8
            }
            if i >= n { break }
            let b0 = base[i]
            if b0 < 0x80 { i += 1; continue }
            let need: Int
            var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; lo = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: need = 2
            case 0xED: need = 2; hi = 0x9F
            case 0xF0: need = 3; lo = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; hi = 0x8F
            default: return .invalid(at: i)
            }
            for k in 1...need {
                guard i + k < n else { return .truncated }
                let b = base[i + k]
                let (l, h): (UInt8, UInt8) = k == 1 ? (lo, hi) : (0x80, 0xBF)
                if b < l || b > h { return .invalid(at: i) }
            }
            i += need + 1
        }
        return .valid
    }

    /// Decodes the scalar starting at `i` of a buffer already known to be valid UTF-8.
    /// Returns the scalar value and its length in bytes.
    @inline(__always)
    static func decode(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int) {
        let b0 = UInt32(p[i])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0 { return ((b0 & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F), 2) }
        if b0 < 0xF0 {
            return ((b0 & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F), 3)
        }
        let v = (b0 & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12
            | UInt32(p[i + 2] & 0x3F) << 6 | UInt32(p[i + 3] & 0x3F)
        return (v, 4)
    }

    /// Appends the UTF-8 encoding of scalar `v` (assumed valid) to `out`.
    @inline(__always)
    static func append(_ v: UInt32, to out: inout [UInt8]) {
        switch v {
        case 0..<0x80: out.append(UInt8(v))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | v >> 6)); out.append(UInt8(0x80 | v & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | v >> 12)); out.append(UInt8(0x80 | (v >> 6) & 0x3F))
            out.append(UInt8(0x80 | v & 0x3F))
        default:
            out.append(UInt8(0xF0 | v >> 18)); out.append(UInt8(0x80 | (v >> 12) & 0x3F))
            out.append(UInt8(0x80 | (v >> 6) & 0x3F)); out.append(UInt8(0x80 | v & 0x3F))
        }
    }
}
