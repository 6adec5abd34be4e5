/// Horizontal placement of text inside a wider slot.
public enum Alignment: Sendable, Hashable {
    case left, right, center
}

/// Fitting text to a number of columns: truncation, padding, wrapping. All measure with `DisplayWidth`,
/// never with `count`, because one Chinese character is two columns.
public enum TextFit {
    /// `text` if it fits in `width` columns; otherwise its longest prefix that fits together with
    /// `ellipsis`, followed by the ellipsis.
    ///
    /// Never splits a wide character: if the next one would straddle the limit, a space takes its visible
    /// half, so the result of a truncation is exactly `width` columns (a wide character cannot be drawn in
    /// one column, and a short result would let the next column's content shift left).
    public static func truncate(_ text: String, toWidth width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        if DisplayWidth.width(of: text) <= width { return text }
        let ellipsisWidth = DisplayWidth.width(of: ellipsis)
        // An ellipsis that does not fit is itself cut: at width 1 with "..." the result is ".".
        if ellipsisWidth >= width { return cut(ellipsis, toWidth: width) }
        return cut(text, toWidth: width - ellipsisWidth) + ellipsis
    }

    /// `text` if it fits in `width` columns; otherwise its start and its end around `ellipsis`, the end
    /// given two thirds of the room. For identifiers (order numbers, file names, codes): the part that
    /// tells two of them apart is usually the end (`SIM1796177330-12`), which `truncate` would cut off.
    /// Exactly `width` columns when cut, like `truncate`.
    public static func truncateKeepingEnd(_ text: String, toWidth width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        if DisplayWidth.width(of: text) <= width { return text }
        let ellipsisWidth = DisplayWidth.width(of: ellipsis)
        let room = width - ellipsisWidth
        // Too narrow for a start and an end: the end alone, with the ellipsis in front when it fits.
        guard room >= 4 else { return room > 0 ? ellipsis + cutEnd(text, toWidth: room) : cut(ellipsis, toWidth: width) }
        let endWidth = (room * 2 + 2) / 3
        return cut(text, toWidth: room - endWidth) + ellipsis + cutEnd(text, toWidth: endWidth)
    }

    /// The longest suffix of `text` fitting `width` columns, a space in front when a wide character was
    /// left out at the boundary: exactly `width` columns if `text` is at least that wide.
    public static func cutEnd(_ text: String, toWidth width: Int) -> String {
        guard width > 0 else { return "" }
        var pieces: [String] = []
        var used = 0
        for unit in DisplayWidth.units(of: text).reversed() {
            if used + unit.width > width {
                if used < width { pieces.append(" ") }
                break
            }
            pieces.append(unit.text)
            used += unit.width
        }
        return pieces.reversed().joined()
    }

    /// The longest prefix of `text` fitting `width` columns, padded with one space when a wide character
    /// was left out at the boundary; no ellipsis. Exactly `width` columns if `text` is at least that wide.
    public static func cut(_ text: String, toWidth width: Int) -> String {
        guard width > 0 else { return "" }
        var result = ""
        var used = 0
        for unit in DisplayWidth.units(of: text) {
            if used + unit.width > width {
                if used < width { result += " " }  // the wide character's visible half
                return result
            }
            result += unit.text
            used += unit.width
        }
        return result
    }

    /// `text` truncated (with `ellipsis`) and padded with spaces to exactly `width` columns.
    public static func pad(_ text: String, toWidth width: Int, alignment: Alignment = .left,
                           ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        let fitted = truncate(text, toWidth: width, ellipsis: ellipsis)
        let gap = max(0, width - DisplayWidth.width(of: fitted))
        switch alignment {
        case .left: return fitted + String(repeating: " ", count: gap)
        case .right: return String(repeating: " ", count: gap) + fitted
        case .center:
            let left = gap / 2  // an odd gap leaves the extra space on the right, as most UIs do
            return String(repeating: " ", count: left) + fitted + String(repeating: " ", count: gap - left)
        }
    }

    /// Lines of at most `width` columns. Breaks after a space when the line has one (English), otherwise
    /// between any two characters (Chinese has no spaces between words); honours "\n".
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line: [CellUnit] = []
            var used = 0
            var lastSpace: Int?  // index in `line` of the last space
            for original in DisplayWidth.units(of: String(paragraph)) {
                // Only at width 1 can a character be wider than a line: show its visible half.
                let unit = original.width > width ? CellUnit(text: " ", width: 1) : original
                if used + unit.width > width && !line.isEmpty {
                    if original.text == " " {  // a space at the break point is swallowed by the break
                        lines.append(join(line)); line = []; used = 0; lastSpace = nil
                        continue
                    }
                    if let space = lastSpace, space > 0 {
                        lines.append(join(line[..<space]))
                        line = Array(line[(space + 1)...])
                    } else {
                        lines.append(join(line))
                        line = []
                    }
                    used = line.reduce(0) { $0 + $1.width }
                    lastSpace = nil
                }
                if original.text == " " { lastSpace = line.count }
                line.append(unit)
                used += unit.width
            }
            lines.append(join(line))
        }
        return lines
    }

    private static func join<C: Collection>(_ units: C) -> String where C.Element == CellUnit {
        units.map(\.text).joined()
    }
}
