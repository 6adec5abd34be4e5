/// Chooses the text encoding: explicit override, else BOM, else UTF-8 unless the bytes are not
/// valid UTF-8 and are GB18030.
///
/// The decision between UTF-8 and GB18030 is lazy: while every byte seen is ASCII the two agree,
/// so nothing is decided until the first chunk holding a byte ≥ 0x80, and then on that whole
/// chunk (up to 256 KiB), not on one line — a few GBK characters can happen to form valid UTF-8.
enum EncodingDetector {
    /// Encoding implied by a BOM, and the BOM's length.
    static func bom(_ head: UnsafeBufferPointer<UInt8>) -> (TextEncoding, Int)? {
        if head.count >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF { return (.utf8, 3) }
        if head.count >= 2 && head[0] == 0xFF && head[1] == 0xFE { return (.utf16LE, 2) }
        if head.count >= 2 && head[0] == 0xFE && head[1] == 0xFF { return (.utf16BE, 2) }
        return nil
    }

    /// True when some byte is ≥ 0x80.
    static func hasHighByte(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        var acc: UInt8 = 0
        for b in p { acc |= b }
        return acc & 0x80 != 0
    }

    /// UTF-8 or GB18030 for a chunk that holds non-ASCII bytes.
    static func decide(_ chunk: UnsafeBufferPointer<UInt8>, gb: GB18030Converter?) -> TextEncoding {
        switch UTF8Validation.check(chunk) {
        case .valid, .truncated: return .utf8
        case .invalid: break
        }
        guard let gb else { return .utf8 }
        if gb.isValid(chunk) { return .gb18030 }
        // Mixed or damaged: count non-ASCII lines that decode either way, take the majority.
        var utf8Lines = 0, gbLines = 0
        var start = 0
        for i in 0...chunk.count where i == chunk.count || chunk[i] == 0x0A || chunk[i] == 0x0D {
            let line = UnsafeBufferPointer(rebasing: chunk[start..<i])
            start = i + 1
            guard hasHighByte(line) else { continue }
            if UTF8Validation.isValid(line) { utf8Lines += 1 }
            if gb.convert(line, { _ in true }) != nil { gbLines += 1 }
        }
        return gbLines > utf8Lines ? .gb18030 : .utf8
    }
}
