/// Reads labelled lines: `卡号:X 密码:Y`, `卡号：X　卡密：Y`, `card: X, pin: Y`, `密码:Y 账号:X`,
/// glued Chinese (`卡号:123密码:abc`): known labels followed by `:` or `：`, in any order.
///
/// A label is only recognised at a token start (after a space, separator or the previous value),
/// and only if it is in `Labels.table`, so a colon inside a secret or a time (`12:30`) is content.
/// A value runs to the next label; surrounding padding and separators are cleaned off.
/// Not on the hot path (only lines with a colon get here), so it works on decoded scalars.
enum LabelledLine {
    /// One `label: value` pair; `value` is a byte range of the line, already cleaned.
    struct Item {
        var role: LabelRole
        var label: String
        var value: Range<Int>
    }

    /// Items in line order, plus any text before the first label; nil when no known label occurs.
    static func scan(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> (prefix: Range<Int>, items: [Item])? {
        var sc: [UInt32] = [], off: [Int] = []
        sc.reserveCapacity(r.count); off.reserveCapacity(r.count + 1)
        var i = r.lowerBound
        while i < r.upperBound {
            let (v, len) = UTF8Validation.decode(p, at: i)
            sc.append(v); off.append(i); i += len
        }
        off.append(r.upperBound)
        func text(_ a: Int, _ b: Int) -> String {
            String(decoding: UnsafeBufferPointer(rebasing: p[off[a]..<off[b]]), as: UTF8.self)
        }
        var found: [(labelStart: Int, valueStart: Int, role: LabelRole, labelEnd: Int)] = []
        var floor = 0, known = 0
        var key: [UInt32] = []
        key.reserveCapacity(32)
        for c in sc.indices where sc[c] == 0x3A || sc[c] == 0xFF1A {
            var e = c
            while e > floor && isSpace(sc[e - 1]) { e -= 1 }
            var s = e
            while s > floor && !isBoundary(sc[s - 1]) { s -= 1 }
            guard s < e else { continue }
            var hit: (Int, LabelRole)?
            // Two words first ("Card No:", "Card Number:"), else "No" alone would win.
            var t = s
            while t > floor && isSpace(sc[t - 1]) { t -= 1 }
            if t < s && t > floor {
                var s2 = t
                while s2 > floor && !isBoundary(sc[s2 - 1]) { s2 -= 1 }
                if s2 < t, let role = lookup(sc, s2..<t, s..<e, &key) { hit = (s2, role) }
            }
            if hit == nil, let role = lookup(sc, s..<e, nil, &key) { hit = (s, role) }
            if hit == nil {  // Chinese label glued to the previous value
                for (label, role) in Labels.cjkLabels where label.count < e - s {
                    if sc[(e - label.count)..<e].elementsEqual(label) { hit = (e - label.count, role); break }
                }
            }
            if hit != nil { known += 1 }
            // A Chinese word Kameng does not know (`额度:0`, `卡头:5236xx`) is still a label: its value
            // goes to the note instead of being glued to the secret before it.
            if hit == nil, e - s <= 8, sc[s..<e].allSatisfy({ Unicode.Scalar($0).map(RecordBuilder.isCJK) ?? false }) { hit = (s, .note) }
            guard let (start, role) = hit else { continue }
            found.append((start, c + 1, role, e))
            floor = c + 1
        }
        guard known > 0 else { return nil }
        var items: [Item] = []
        for (k, f) in found.enumerated() {
            let end = k + 1 < found.count ? found[k + 1].labelStart : sc.count
            items.append(Item(role: f.role, label: text(f.labelStart, f.labelEnd), value: clean(p, off[f.valueStart]..<off[end])))
        }
        return (clean(p, r.lowerBound..<off[found[0].labelStart]), items)
    }

    /// The role of the folded scalars `first` (+ `second`), using `key` as scratch storage.
    private static func lookup(_ sc: [UInt32], _ first: Range<Int>, _ second: Range<Int>?,
                               _ key: inout [UInt32]) -> LabelRole? {
        guard first.count + (second?.count ?? 0) <= 24 else { return nil }  // longer than any label
        key.removeAll(keepingCapacity: true)
        Labels.fold(sc[first], into: &key)
        if let second { Labels.fold(sc[second], into: &key) }
        return key.isEmpty ? nil : Labels.scalarTable[key]
    }

    /// Trims padding and separators (`,;|║，；、` and runs of 2+ dashes: kamiFaka writes `账号:x--密码:y`)
    /// off both ends.
    static func clean(_ p: UnsafeBufferPointer<UInt8>, _ r0: Range<Int>) -> Range<Int> {
        var r = FieldCheck.trim(p, r0)
        while !r.isEmpty {
            var s = r.lowerBound, e = r.upperBound
            if let k = separatorLength(p, at: s, end: e) { s += k }
            if s < e, let k = separatorLength(p, endingAt: e, start: s) { e -= k }
            if s == r.lowerBound && e == r.upperBound { break }
            r = FieldCheck.trim(p, s..<e)
        }
        return r
    }

    private static let asciiSeparators: Set<UInt8> = [0x2C, 0x3B, 0x7C]
    private static let wideSeparators: [[UInt8]] = [[0xE2, 0x95, 0x91], [0xEF, 0xBC, 0x8C], [0xEF, 0xBC, 0x9B], [0xE3, 0x80, 0x81]]

    private static func separatorLength(_ p: UnsafeBufferPointer<UInt8>, at s: Int, end e: Int) -> Int? {
        if asciiSeparators.contains(p[s]) { return 1 }
        var j = s
        while j < e && p[j] == 0x2D { j += 1 }
        if j - s >= 2 { return j - s }
        for w in wideSeparators where e - s >= 3 && p[s..<s + 3].elementsEqual(w) { return 3 }
        return nil
    }

    private static func separatorLength(_ p: UnsafeBufferPointer<UInt8>, endingAt e: Int, start s: Int) -> Int? {
        if asciiSeparators.contains(p[e - 1]) { return 1 }
        var j = e
        while j > s && p[j - 1] == 0x2D { j -= 1 }
        if e - j >= 2 { return e - j }
        for w in wideSeparators where e - s >= 3 && p[e - 3..<e].elementsEqual(w) { return 3 }
        return nil
    }

    private static func isSpace(_ v: UInt32) -> Bool {
        v == 0x20 || v == 0x09 || v == 0x3000 || v == 0xA0
    }

    private static func isBoundary(_ v: UInt32) -> Bool {
        switch v {
        case 0x20, 0x09, 0x3000, 0xA0, 0x2C, 0x3B, 0x7C, 0x2D, 0x2F, 0x3A, 0xFF1A, 0xFF0C, 0xFF1B,
             0x3001, 0x2551, 0x28, 0x29, 0x5B, 0x5D, 0x3010, 0x3011, 0xFF08, 0xFF09:
            return true
        default:
            return false
        }
    }
}
