/// Display widths of characters and strings, as the terminal will lay them out.
///
/// ncursesw measures with glibc's `wcwidth` under the process locale (C.UTF-8 here). If our idea of a width
/// differs from its idea by one cell, every column after that character shifts and a wide character in the
/// last column wraps to the next row. So the widths here are glibc's, copied into a range table
/// (`DisplayWidthTable.swift`, generated from glibc and checked against it by a test) instead of calling
/// `wcwidth` at render time: rendering must not depend on the process locale (`LANG=zh_CN.UTF-8` makes
/// `setlocale` fail on these machines, and with it `wcwidth` returns -1 for every non-ASCII character).
///
/// Non-printable code points — C0 controls, DEL, C1 controls, and anything glibc reports as -1 (unassigned
/// code points, noncharacters) — are never sent to the terminal: ncurses would
/// expand them into `^[`-style sequences of unpredictable width, or a raw ESC would let data drive the
/// terminal. They are drawn as one visible replacement cell (`U+FFFD �` by default, `?` in ASCII mode) and
/// measured as width 1, so measuring and drawing always agree.
public enum DisplayWidth {
    /// The default replacement drawn for a non-printable code point.
    public static let replacement: Character = "\u{FFFD}"

    /// glibc's `wcwidth` for `scalar` under C.UTF-8: -1 non-printable, 0 combining/zero width, 1, or 2.
    public static func wcwidth(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v >= 0x20 && v < 0x7F { return 1 }  // ASCII fast path: most of what a back office shows.
        if contains(DisplayWidthTable.nonPrintable, v) { return -1 }
        if contains(DisplayWidthTable.zeroWidth, v) { return 0 }
        if contains(DisplayWidthTable.wide, v) { return 2 }
        return 1
    }

    /// C0 controls, DEL and C1 controls: bytes that steer a terminal rather than show something.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || (v >= 0x7F && v <= 0x9F)
    }

    /// Whether `scalar` is drawn as the replacement instead of itself (control or non-printable).
    public static func isReplaced(_ scalar: Unicode.Scalar) -> Bool {
        isControl(scalar) || wcwidth(scalar) < 0
    }

    /// Columns `text` occupies when drawn: the sum over its cell units (see `units(of:)`), assuming a
    /// one-column replacement.
    public static func width(of text: String) -> Int {
        var total = 0
        for scalar in text.unicodeScalars {
            // A zero-width code point joins the previous unit, or is dropped without one: adds nothing.
            total += isReplaced(scalar) ? 1 : wcwidth(scalar)
        }
        return total
    }

    /// Columns one character occupies when drawn on its own.
    public static func width(of character: Character) -> Int { width(of: String(character)) }

    /// Splits `text` into what goes into one cell each: a spacing code point (width 1 or 2) followed by
    /// the zero-width code points that follow it.
    ///
    /// This is how ncurses itself fills cells (`setcchar` takes one spacing character plus non-spacing
    /// ones), and it makes the drawn width equal `wcswidth` even for clusters Swift treats as one
    /// Character but glibc measures as several (ZWJ emoji sequences, flags). A zero-width code point with
    /// no spacing one before it has no cell to join and is dropped. Non-printables become `replacement`.
    public static func units(of text: String, replacement: Character = DisplayWidth.replacement) -> [CellUnit] {
        var result: [CellUnit] = []
        result.reserveCapacity(text.utf8.count)
        let replacementWidth = max(1, min(2, width(of: String(replacement))))
        for scalar in text.unicodeScalars {
            if isReplaced(scalar) {
                result.append(CellUnit(text: String(replacement), width: replacementWidth))
                continue
            }
            let w = wcwidth(scalar)
            if w == 0 {
                if !result.isEmpty { result[result.count - 1].text.unicodeScalars.append(scalar) }
                continue
            }
            result.append(CellUnit(text: String(scalar), width: w))
        }
        return result
    }

    /// Binary search in a flat array of inclusive `[first, last]` pairs sorted by `first`.
    static func contains(_ table: [UInt32], _ v: UInt32) -> Bool {
        var lo = 0
        var hi = table.count / 2 - 1
        if hi < 0 || v < table[0] || v > table[table.count - 1] { return false }
        while lo <= hi {
            let mid = (lo + hi) / 2
            if v < table[2 * mid] {
                hi = mid - 1
            } else if v > table[2 * mid + 1] {
                lo = mid + 1
            } else {
                return true
            }
        }
        return false
    }
}

/// What one cell (or, for a wide character, a cell and its continuation) shows.
public struct CellUnit: Equatable, Sendable {
    /// A spacing code point plus any zero-width code points that follow it.
    public var text: String
    /// 1 or 2.
    public var width: Int

    public init(text: String, width: Int) {
        self.text = text
        self.width = width
    }
}

extension String {
    /// Columns this string occupies when drawn; see `DisplayWidth`.
    public var displayWidth: Int { DisplayWidth.width(of: self) }
}
