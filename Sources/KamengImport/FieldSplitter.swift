/// Splits an unlabelled text line into fields on its separator.
///
/// One separator per line, the most specific present: a run of four or more `-`, then of four or
/// more `_` (qs-faka's `_____`), tab, `║`, `|`, comma, full-width comma `，`, and last runs of spaces
/// (ASCII or U+3000). Priority instead of "split on all of them" because a secret may legitimately
/// contain a lesser separator (`AB-CD`, a space) when the line uses a stronger one (`123----AB CD`).
/// Runs of 1–3 dashes or underscores are content (Steam keys). `--separator` replaces all of this.
enum FieldSplitter {
    enum Separator: Equatable {
        case none, dashes, underscores, tab, boxBar, pipe, comma, fullWidthComma, spaces
        /// The operator's `--separator`.
        case given
    }

    /// Splits on exactly `separator`'s bytes (the operator's `--separator`).
    static func split(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, on separator: [UInt8], into fields: inout [Range<Int>]) {
        var start = r.lowerBound, i = r.lowerBound
        let n = separator.count
        while i + n <= r.upperBound {
            if p[i] == separator[0] && (n == 1 || p[i..<i + n].elementsEqual(separator)) {
                fields.append(start..<i); i += n; start = i
            } else { i += 1 }
        }
        fields.append(start..<r.upperBound)
    }

    /// Finds the line's separator and appends field ranges (untrimmed) to `fields`.
    @discardableResult
    static func split(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, into fields: inout [Range<Int>]) -> Separator {
        let sep = detect(p, r)
        let end = r.upperBound
        var start = r.lowerBound
        var i = start
        switch sep {
        case .none, .given:
            fields.append(r)
        case .dashes, .underscores:
            let byte: UInt8 = sep == .dashes ? 0x2D : 0x5F
            while i < end {
                if p[i] == byte {
                    var j = i
                    while j < end && p[j] == byte { j += 1 }
                    if j - i >= 4 { fields.append(start..<i); start = j }
                    i = j
                } else { i += 1 }
            }
            fields.append(start..<end)
        case .tab, .pipe, .comma:
            let byte: UInt8 = sep == .tab ? 0x09 : sep == .pipe ? 0x7C : 0x2C
            while i < end {
                if p[i] == byte { fields.append(start..<i); start = i + 1 }
                i += 1
            }
            fields.append(start..<end)
        case .boxBar, .fullWidthComma:
            let (b1, b2, b3): (UInt8, UInt8, UInt8) = sep == .boxBar ? (0xE2, 0x95, 0x91) : (0xEF, 0xBC, 0x8C)
            while i < end {
                if p[i] == b1 && i + 2 < end && p[i + 1] == b2 && p[i + 2] == b3 {
                    fields.append(start..<i); i += 3; start = i
                } else { i += 1 }
            }
            fields.append(start..<end)
        case .spaces:
            while i < end {
                let k = spaceAt(p, i, end)
                if k > 0 {
                    if i > start { fields.append(start..<i) }
                    i += k; start = i
                } else { i += 1 }
            }
            if start < end { fields.append(start..<end) }
        }
        return sep
    }

    @inline(__always)
    private static func spaceAt(_ p: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> Int {
        if p[i] == 0x20 { return 1 }
        if p[i] == 0xE3 && i + 2 < end && p[i + 1] == 0x80 && p[i + 2] == 0x80 { return 3 }
        return 0
    }

    /// One pass; stops early at the top-priority separator.
    static func detect(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Separator {
        var dashRun = 0, underscoreRun = 0
        var underscores = false, tab = false, box = false, pipe = false, comma = false, wideComma = false, space = false
        var i = r.lowerBound
        while i < r.upperBound {
            let b = p[i]
            if b == 0x2D {
                dashRun += 1
                if dashRun >= 4 { return .dashes }
            } else {
                dashRun = 0
                underscoreRun = b == 0x5F ? underscoreRun + 1 : 0
                if underscoreRun >= 4 { underscores = true }
                switch b {
                case 0x09: tab = true
                case 0x7C: pipe = true
                case 0x2C: comma = true
                case 0x20: space = true
                case 0xE2: if i + 2 < r.upperBound && p[i + 1] == 0x95 && p[i + 2] == 0x91 { box = true }
                case 0xE3: if i + 2 < r.upperBound && p[i + 1] == 0x80 && p[i + 2] == 0x80 { space = true }
                case 0xEF: if i + 2 < r.upperBound && p[i + 1] == 0xBC && p[i + 2] == 0x8C { wideComma = true }
                default: break
                }
            }
            i += 1
        }
        if underscores { return .underscores }
        if tab { return .tab }
        if box { return .boxBar }
        if pipe { return .pipe }
        if comma { return .comma }
        if wideComma { return .fullWidthComma }
        return space ? .spaces : .none
    }
}
