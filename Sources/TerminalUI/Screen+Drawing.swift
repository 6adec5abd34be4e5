/// Drawing primitives. Every one of them is safe with any coordinates and sizes (negative, zero, past the
/// edge): they clip instead of trapping, because layout on a 10×3 terminal produces such values and a
/// back office must not crash on a resize.
///
/// Invariants kept after every call (and checked by `Screen.invariantViolations()` in tests):
/// a wide character's cell is always followed by its continuation cell on the same row, a continuation
/// cell always follows a wide character, and no control character is ever stored.
extension Screen {
    /// Draws `text` from `at` rightwards on one row, clipped at the screen edge and at `maxWidth` columns.
    ///
    /// A wide character that would not fit entirely (last column, or `maxWidth` reached) is replaced by a
    /// space: half a character cannot be drawn, and ncurses wraps a wide character written into the last
    /// column onto the next row. Returns the number of columns advanced (clipped part included as far as
    /// `maxWidth` allows), so callers can write the next piece after it.
    @discardableResult
    public mutating func write(_ text: String, at origin: Point, maxWidth: Int? = nil, style: Style = Style(),
                               replacement: Character = DisplayWidth.replacement) -> Int {
        let limit = maxWidth.map { origin.x + max(0, $0) } ?? Int.max
        var x = origin.x
        for unit in DisplayWidth.units(of: text, replacement: replacement) {
            if x >= limit || x >= width { break }
            let end = x + unit.width  // exclusive
            if end > limit || end > width {
                // Straddles the limit or the right edge: its visible half becomes a space.
                put(CellUnit(text: " ", width: 1), x: x, y: origin.y, style: style)
                x += 1
                break
            }
            if x >= 0 {
                put(unit, x: x, y: origin.y, style: style)
            } else if end > 0 {
                // A wide character straddling the left edge: its visible right half becomes a space.
                put(CellUnit(text: " ", width: 1), x: 0, y: origin.y, style: style)
            }
            x = end
        }
        return max(0, min(x, limit) - origin.x)
    }

    /// Writes one unit at (x, y), clearing whatever wide character it cuts in half. Out of range: no-op.
    mutating func put(_ unit: CellUnit, x: Int, y: Int, style: Style) {
        guard y >= 0, y < height, x >= 0, x + unit.width <= width else { return }
        // A continuation under our first cell: its wide character (to the left) loses its right half.
        if self[x, y].isContinuation, x > 0 {
            self[x - 1, y] = Cell(" ", style: self[x - 1, y].style)
        }
        // A continuation just after our last cell: its wide character (our last cell) is overwritten.
        let after = x + unit.width
        if after < width, self[after, y].isContinuation {
            self[after, y] = Cell(" ", style: self[after, y].style)
        }
        self[x, y] = Cell(unit.text, style: style)
        if unit.width == 2 { self[x + 1, y] = .continuation(style: style) }
    }

    /// Fills `rect` (clipped to the screen) with spaces in `style`.
    public mutating func fill(_ rect: Rect, style: Style = Style()) {
        fill(rect, with: " ", style: style)
    }

    /// Fills `rect` (clipped to the screen) with one narrow character; a wide one is drawn as a space,
    /// since a fill must cover every cell exactly once.
    public mutating func fill(_ rect: Rect, with character: Character, style: Style = Style()) {
        let area = rect.intersection(Rect(self))
        guard !area.isEmpty else { return }
        let units = DisplayWidth.units(of: String(character))
        let unit = units.count == 1 && units[0].width == 1 ? units[0] : CellUnit(text: " ", width: 1)
        for y in area.y..<area.maxY {
            for x in area.x..<area.maxX { put(unit, x: x, y: y, style: style) }
        }
    }

    /// A frame around the edge of `rect`, with an optional title in the top border ("┌─ 标题 ─┐").
    /// Smaller than 2×2: nothing is drawn, as there is no inside to frame.
    public mutating func drawFrame(_ rect: Rect, frame: FrameStyle = .light, style: Style = Style(.border),
                                   title: String? = nil, titleStyle: Style = Style(.title, bold: true),
                                   glyphs: Glyphs = .unicode) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let h = String(frame.horizontal), v = String(frame.vertical)
        let inner = rect.width - 2
        write(String(frame.topLeft) + String(repeating: h, count: inner) + String(frame.topRight),
              at: rect.origin, maxWidth: rect.width, style: style)
        write(String(frame.bottomLeft) + String(repeating: h, count: inner) + String(frame.bottomRight),
              at: Point(x: rect.x, y: rect.maxY - 1), maxWidth: rect.width, style: style)
        for y in (rect.y + 1)..<(rect.maxY - 1) {
            write(v, at: Point(x: rect.x, y: y), style: style)
            write(v, at: Point(x: rect.maxX - 1, y: y), style: style)
        }
        // The title sits after "┌─" with a space either side, and leaves at least "─┐" visible.
        if let title, !title.isEmpty, inner >= 5 {
            let fitted = TextFit.truncate(title, toWidth: inner - 4, ellipsis: glyphs.ellipsis)
            write(" " + fitted + " ", at: Point(x: rect.x + 2, y: rect.y), maxWidth: inner - 2,
                  style: titleStyle, replacement: glyphs.replacement)
        }
    }

    /// Rows as text: a wide character printed once, its continuation cell skipped, trailing spaces kept.
    /// Each line is exactly `width` columns wide, which makes screens comparable as text in tests.
    public var lines: [String] {
        (0..<height).map { y in
            var line = ""
            for x in 0..<width where !self[x, y].isContinuation { line += self[x, y].text }
            return line
        }
    }
}
