import Foundation

/// The one normalisation rule, and the checks on what is left.
///
/// Trim: ASCII whitespace, U+3000, NBSP, U+200B–U+200D and U+FEFF, at both ends, repeatedly.
/// Nothing *inside* a field is ever removed or rewritten: an unsafe character inside a secret
/// rejects the line with a specific reason. Works on UTF-8 bytes already known to be valid.
enum FieldCheck {
    /// Byte length of a trimmable character starting at `i`, or 0.
    @inline(__always)
    private static func padAt(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> Int {
        let b = p[i]
        if b == 0x20 || (b >= 0x09 && b <= 0x0D) { return 1 }
        if b < 0xC2 { return 0 }
        if b == 0xC2 { return i + 1 < end && p[i + 1] == 0xA0 ? 2 : 0 }
        guard i + 2 < end else { return 0 }
        let b1 = p[i + 1], b2 = p[i + 2]
        if b == 0xE3 && b1 == 0x80 && b2 == 0x80 { return 3 }                  // U+3000
        if b == 0xE2 && b1 == 0x80 && b2 >= 0x8B && b2 <= 0x8D { return 3 }    // U+200B–D
        if b == 0xEF && b1 == 0xBB && b2 == 0xBF { return 3 }                  // U+FEFF
        return 0
    }

    /// Byte length of a trimmable character ending just before `end`, or 0.
    @inline(__always)
    private static func padBefore(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        let b = p[end - 1]
        if b == 0x20 || (b >= 0x09 && b <= 0x0D) { return 1 }
        if b < 0x80 { return 0 }
        if end - start >= 2 && b == 0xA0 && p[end - 2] == 0xC2 { return 2 }
        if end - start >= 3 && padAt(p, end - 3, end) == 3 { return 3 }
        return 0
    }

    /// The range with padding removed at both ends.
    @inline(__always)
    static func trim(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Range<Int> {
        var s = r.lowerBound, e = r.upperBound
        while s < e { let k = padAt(p, s, e); if k == 0 { break }; s += k }
        while e > s { let k = padBefore(p, s, e); if k == 0 { break }; e -= k }
        return s..<e
    }

    /// What kind of unsafe scalar `v` is, if any.
    enum Unsafe { case control, escape, bidi, zeroWidth, replacement }

    @inline(__always)
    static func classify(_ v: UInt32) -> Unsafe? {
        switch v {
        case 0x1B, 0x9B: return .escape                      // ESC, CSI
        case 0..<0x20, 0x7F...0x9F, 0x2028, 0x2029: return .control
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: return .bidi
        case 0x200B...0x200D, 0x2060...0x2064, 0xFEFF, 0x180E, 0x00AD, 0xFFF9...0xFFFB: return .zeroWidth
        case 0xFFFD: return .replacement
        default: return nil
        }
    }

    /// Validates a trimmed secret; nil means accepted.
    static func checkSecret(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> RejectReason? {
        if r.isEmpty { return .emptySecret }
        var scalars = 0
        var i = r.lowerBound
        var allASCII = true
        while i < r.upperBound {
            let b = p[i]
            var v = UInt32(b), len = 1
            if b >= 0x80 { (v, len) = UTF8Validation.decode(p, at: i); allASCII = false }
            else if b >= 0x20 && b != 0x7F { i += 1; scalars += 1; continue }
            if let kind = classify(v) {
                switch kind {
                case .control: return .controlInSecret
                case .escape: return .escapeInSecret
                case .bidi: return .bidiInSecret
                case .zeroWidth: return .zeroWidthInSecret
                case .replacement: return .replacementCharacter
                }
            }
            scalars += 1
            i += len
        }
        if scalars > 256 { return .secretTooLong }
        if !allASCII && !isNFC(p, r) { return .secretNotNFC }
        return nil
    }

    /// Checks a number or note: any unsafe scalar rejects the line with `reason`.
    /// In notes, tab/CR/LF are allowed here because `text(_:_:foldingWhitespace:)` turns them into spaces.
    static func checkPlain(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, reason: RejectReason,
                           allowWhitespaceControls: Bool = false, maxScalars: Int? = nil) -> RejectReason? {
        var i = r.lowerBound, scalars = 0
        while i < r.upperBound {
            let b = p[i]
            if b >= 0x20 && b < 0x7F { i += 1; scalars += 1; continue }  // printable ASCII
            let (v, len) = UTF8Validation.decode(p, at: i)
            if let kind = classify(v) {
                if kind == .replacement { return .replacementCharacter }
                if !(allowWhitespaceControls && (v == 0x09 || v == 0x0A || v == 0x0D)) { return reason }
            }
            scalars += 1
            i += len
        }
        if let maxScalars, scalars > maxScalars { return .numberTooLong }
        return nil
    }

    /// The field as a String (the bytes are valid UTF-8, so decoding never substitutes).
    @inline(__always)
    static func text(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, foldingWhitespace: Bool = false) -> String {
        let s = String(decoding: UnsafeBufferPointer(rebasing: p[r]), as: UTF8.self)
        guard foldingWhitespace, p[r].contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return s }
        return String(String.UnicodeScalarView(s.unicodeScalars.map { $0.value < 0x20 ? " " : $0 }))
    }

    /// True when the bytes are already in NFC. Only non-ASCII secrets get here (ASCII is always NFC).
    private static func isNFC(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        let s = text(p, r)
        return s.precomposedStringWithCanonicalMapping.utf8.elementsEqual(s.utf8)
    }
}
