/// Chooses the text encoding: explicit override, else BOM, else UTF-8 unless the bytes are not
/// valid UTF-8 and are GB18030 or Big5 (told apart by `Big5Evidence`).
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

    /// UTF-8, GB18030 or Big5 for a chunk that holds non-ASCII bytes. Throws when the bytes are
    /// both GB18030 and Big5 and neither reading is clearly the right one: the operator says which.
    static func decide(_ chunk: UnsafeBufferPointer<UInt8>, gb: GB18030Converter?, big5: GB18030Converter?) throws(Refusal) -> TextEncoding {
        switch UTF8Validation.check(chunk) {
        case .valid, .truncated: return .utf8
        case .invalid: break
        }
        let gbValid = gb?.isValid(chunk) ?? false
        let big5Valid = big5?.isValid(chunk) ?? false
        switch (gbValid, big5Valid) {
        case (true, false): return .gb18030
        case (false, true): return .big5
        case (true, true):
            guard let encoding = Big5Evidence.decide(chunk) else { throw .encodingUnclear }
            return encoding
        case (false, false): break
        }
        // Mixed or damaged: count non-ASCII lines that decode each way, take the majority (UTF-8 on a tie).
        var utf8Lines = 0, gbLines = 0, big5Lines = 0
        var start = 0
        for i in 0...chunk.count where i == chunk.count || chunk[i] == 0x0A || chunk[i] == 0x0D {
            let line = UnsafeBufferPointer(rebasing: chunk[start..<i])
            start = i + 1
            guard hasHighByte(line) else { continue }
            if UTF8Validation.isValid(line) { utf8Lines += 1 }
            if gb?.convert(line, { _ in true }) != nil { gbLines += 1 }
            if big5?.convert(line, { _ in true }) != nil { big5Lines += 1 }
        }
        if gbLines > utf8Lines && gbLines >= big5Lines { return .gb18030 }
        if big5Lines > utf8Lines && big5Lines > gbLines { return .big5 }
        return .utf8
    }
}

/// Tells Big5 from GB18030 when a file's bytes decode both ways.
///
/// Common simplified characters (GB2312, the bulk of any GBK text) have both bytes in 0xA1–0xFE;
/// a GBK trail byte in 0x40–0x7E only occurs for rare characters and, after leads A8 and A9, for box
/// drawing and symbols (acg-faka's `║`), so those two leads are not counted. In Big5, 63 of its 157
/// trail values are 0x40–0x7E and common characters use them all the time (卡號 = A5 64 B8 B9, 密碼 =
/// B1 4B BD 58). So the share of *distinct* two-byte characters with such a trail decides (distinct,
/// so a word on every line counts once): none is GB18030, a fifth or more is Big5, under a twentieth
/// is GB18030 with a few rare characters, and in between the file is refused with a request for
/// `--encoding`.
enum Big5Evidence {
    static func decide(_ chunk: UnsafeBufferPointer<UInt8>) -> TextEncoding? {
        var pairs = Set<UInt16>(), lowTrails = 0
        var i = 0
        while i + 1 < chunk.count {
            let lead = chunk[i]
            if lead < 0x80 { i += 1; continue }
            let trail = chunk[i + 1]
            if lead >= 0xA1 && lead <= 0xF9 && lead != 0xA8 && lead != 0xA9,
               pairs.insert(UInt16(lead) << 8 | UInt16(trail)).inserted, trail >= 0x40 && trail <= 0x7E {
                lowTrails += 1
            }
            i += 2
        }
        if lowTrails == 0 { return .gb18030 }
        if lowTrails * 5 >= pairs.count { return .big5 }
        if lowTrails * 20 < pairs.count { return .gb18030 }
        return nil
    }
}
