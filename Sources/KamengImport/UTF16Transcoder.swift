/// Streaming UTF-16 (LE or BE) → UTF-8, chunk by chunk.
///
/// UTF-16 cannot be split into lines on raw bytes (a newline is two bytes, and 0x0A occurs inside
/// other code units), so it is transcoded first. A code unit or surrogate pair cut by a chunk
/// boundary is carried to the next chunk. An unpaired surrogate, or an odd byte at end of file,
/// is written as 0xFF — a byte that is never valid UTF-8 — so the line's UTF-8 check rejects that
/// line as "undecodable bytes" by number, instead of anything being replaced by U+FFFD.
struct UTF16Transcoder {
    let bigEndian: Bool
    private var oddByte: UInt8?
    private var highSurrogate: UInt16?

    init(bigEndian: Bool) { self.bigEndian = bigEndian }

    /// Appends the UTF-8 for `input` to `out` (which the caller clears between chunks).
    mutating func transcode(_ input: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        var i = 0
        let n = input.count
        out.reserveCapacity(out.count + n * 3 / 2 + 4)
        if let b = oddByte, n > 0 {
            oddByte = nil
            unit(bigEndian ? UInt16(b) << 8 | UInt16(input[0]) : UInt16(input[0]) << 8 | UInt16(b),
                 into: &out)
            i = 1
        }
        while i + 1 < n {
            let u = bigEndian ? UInt16(input[i]) << 8 | UInt16(input[i + 1])
                              : UInt16(input[i + 1]) << 8 | UInt16(input[i])
            if u < 0x80 && highSurrogate == nil {
                out.append(UInt8(u))  // ASCII fast path
            } else {
                unit(u, into: &out)
            }
            i += 2
        }
        if i < n { oddByte = input[i] }
    }

    /// Flushes state at end of file: a dangling surrogate or odd byte becomes a 0xFF marker.
    mutating func finish(into out: inout [UInt8]) {
        if highSurrogate != nil { out.append(0xFF); highSurrogate = nil }
        if oddByte != nil { out.append(0xFF); oddByte = nil }
    }

    private mutating func unit(_ u: UInt16, into out: inout [UInt8]) {
        if let high = highSurrogate {
            highSurrogate = nil
            if (0xDC00...0xDFFF).contains(u) {
                let v = 0x10000 + (UInt32(high - 0xD800) << 10) + UInt32(u - 0xDC00)
                UTF8Validation.append(v, to: &out)
                return
            }
            out.append(0xFF)  // high surrogate not followed by a low one
        }
        switch u {
        case 0xD800...0xDBFF: highSurrogate = u
        case 0xDC00...0xDFFF: out.append(0xFF)  // lone low surrogate
        default: UTF8Validation.append(UInt32(u), to: &out)
        }
    }
}
