extension Style {
    /// The selected row or focused button: reverse video and bold on top of the role's colours, so the
    /// selection stays visible on a monochrome terminal or with NO_COLOR.
    public static let selection = Style(.selected, bold: true, reverse: true)
}

/// A scrollable table: header with an optional sort marker, a rule, and rows; the selected row is drawn
/// with `Style.selection`. Columns are separated by a one-column rule so every row's separators fall on
/// the same display columns whatever the content (CJK included).
public struct Table: Sendable {
    /// A column: its header, the narrowest it may get, its share of the spare width, and alignment.
    public struct Column: Sendable, Hashable {
        public var title: String
        public var minWidth: Int
        public var weight: Int
        public var alignment: Alignment
        /// An identifier column (order numbers, file names, codes): a value too wide keeps its end, where
        /// such values differ (`SIM17…7330-12`), instead of losing it (`TextFit.truncateKeepingEnd`).
        public var keepsEnd: Bool

        public init(_ title: String, minWidth: Int = 4, weight: Int = 1, alignment: Alignment = .left, keepsEnd: Bool = false) {
            self.title = title
            self.minWidth = max(1, minWidth)
            self.weight = max(0, weight)
            self.alignment = alignment
            self.keepsEnd = keepsEnd
        }
    }

    /// One row: a text per column (missing ones are blank) and the role it is drawn in (e.g. `.danger`
    /// for a risky order).
    public struct Row: Sendable, Hashable {
        public var cells: [String]
        public var role: StyleRole

        public init(_ cells: [String], role: StyleRole = .normal) {
            self.cells = cells
            self.role = role
        }
    }

    /// Which column the rows are sorted by, shown as ▲/▼ after its title.
    public struct Sort: Sendable, Hashable {
        public var column: Int
        public var descending: Bool
        public init(column: Int, descending: Bool = false) {
            self.column = column
            self.descending = descending
        }
    }

    public var columns: [Column]
    public var rows: [Row]
    public var selected: Int?
    public var sort: Sort?
    /// Index of the first visible row, as remembered from the previous frame (see `render`'s result).
    public var scrollOffset: Int
    public var emptyMessage: String
    public var glyphs: Glyphs
    /// How much of the selected row is drawn in `Style.selection`.
    public var highlight: Highlight = .row

    /// The extent of the selection highlight. `.leadColumn` reverses only the first column: a selection
    /// move then rewrites two short runs instead of two whole rows, which over SSH is the difference
    /// between ~110 and ~360 bytes a keypress in a 120-column table with Chinese names.
    public enum Highlight: Sendable, Hashable {
        case row, leadColumn
    }

    public init(columns: [Column], rows: [Row], selected: Int? = nil, sort: Sort? = nil, scrollOffset: Int = 0,
                emptyMessage: String = "No rows", glyphs: Glyphs = .unicode) {
        self.columns = columns
        self.rows = rows
        self.selected = selected
        self.sort = sort
        self.scrollOffset = scrollOffset
        self.emptyMessage = emptyMessage
        self.glyphs = glyphs
    }

    /// Widths for `columns` in `available` columns, one separator column between neighbours. Columns are
    /// kept from the left while their minimum widths fit; those that do not get width 0 (dropped), so a
    /// narrow terminal shows fewer, readable columns rather than all of them cut to nothing. The spare
    /// width is shared by weight; the kept columns plus separators fill `available` exactly.
    public static func columnWidths(_ columns: [Column], available: Int) -> [Int] {
        var widths = Array(repeating: 0, count: columns.count)
        guard available > 0, !columns.isEmpty else { return widths }
        var kept = 0, used = 0
        for column in columns {
            let need = used + (kept > 0 ? 1 : 0) + column.minWidth
            if need > available { break }
            used = need
            kept += 1
        }
        if kept == 0 {  // not even the first column's minimum: give it everything
            widths[0] = available
            return widths
        }
        let spare = available - used
        let weights = columns[..<kept].map(\.weight)
        // All weights zero: the last kept column takes the slack, so rows still span the area.
        let shares = weights.allSatisfy { $0 == 0 }
            ? Array(repeating: 0, count: kept - 1) + [spare]
            : Layout.sizes(total: spare, weights.map { .weight($0) })
        for i in 0..<kept { widths[i] = columns[i].minWidth + shares[i] }
        return widths
    }

    /// The first visible row such that `selected` is visible, moving as little as possible from
    /// `previous`, and never leaving blank rows at the bottom while rows above are hidden.
    public static func scrollOffset(selected: Int?, previous: Int, visibleRows: Int, rowCount: Int) -> Int {
        guard visibleRows > 0, rowCount > 0 else { return 0 }
        var offset = min(max(0, previous), max(0, rowCount - visibleRows))
        if let s = selected.map({ min(max(0, $0), rowCount - 1) }) {
            if s < offset { offset = s }
            if s >= offset + visibleRows { offset = s - visibleRows + 1 }
        }
        return offset
    }

    /// The rows a table of `rowCount` rows in `area` draws, with `selected` and `scrollOffset` as
    /// `render` takes them: the same body height and offset rule. A view whose list is long formats only
    /// these and passes them with the selection made relative to the window's start and offset 0.
    public static func window(area: Rect, selected: Int?, scrollOffset: Int, rowCount: Int) -> Range<Int> {
        let visible = area.height >= 3 ? area.height - 2 : max(0, area.height - 1)
        let offset = Self.scrollOffset(selected: selected, previous: scrollOffset, visibleRows: visible, rowCount: rowCount)
        return (0..<rowCount).clamped(to: offset..<(offset + visible))
    }

    /// Draws the table in `area` and returns the scroll offset used; store it as the next frame's
    /// `scrollOffset` so the view does not jump.
    @discardableResult
    public func render(into screen: inout Screen, area: Rect) -> Int {
        screen.fill(area, style: Style())
        guard !area.isEmpty else { return 0 }
        let widths = Self.columnWidths(columns, available: area.width)
        let headerStyle = Style(.header, bold: true)
        drawRow(header(widths), widths: widths, into: &screen, x: area.x, y: area.y,
                style: headerStyle, leadStyle: headerStyle, separatorStyle: Style(.border))
        var bodyTop = area.y + 1
        if area.height >= 3 {  // the rule only when it leaves room for a row
            let rule = widths.enumerated().filter { $0.element > 0 }.map {
                String(repeating: String(glyphs.frame.horizontal), count: $0.element)
            }.joined(separator: String(glyphs.frame.cross))
            screen.write(rule, at: Point(x: area.x, y: bodyTop), maxWidth: area.width, style: Style(.border))
            bodyTop += 1
        }
        let visible = max(0, area.maxY - bodyTop)
        guard !rows.isEmpty else {
            if visible > 0 {
                let text = TextFit.pad(emptyMessage, toWidth: area.width, alignment: .center, ellipsis: glyphs.ellipsis)
                screen.write(text, at: Point(x: area.x, y: bodyTop + (visible - 1) / 2), maxWidth: area.width,
                             style: Style(.muted), replacement: glyphs.replacement)
            }
            return 0
        }
        let offset = Self.scrollOffset(selected: selected, previous: scrollOffset, visibleRows: visible,
                                       rowCount: rows.count)
        for (line, index) in (offset..<min(rows.count, offset + visible)).enumerated() {
            let row = rows[index]
            let isSelected = index == selected
            let cells = columns.indices.map { $0 < row.cells.count ? row.cells[$0] : "" }
            let rowStyle = isSelected && highlight == .row ? Style.selection : Style(row.role)
            drawRow(cells, widths: widths, into: &screen, x: area.x, y: bodyTop + line,
                    style: rowStyle, leadStyle: isSelected ? .selection : rowStyle,
                    // Body separators take the row's own style: a selection move then rewrites each of the
                    // two rows as one run, without a colour switch per column (bytes over SSH).
                    separatorStyle: rowStyle)
        }
        return offset
    }

    /// Header titles, with the sort marker kept visible when the title is truncated.
    private func header(_ widths: [Int]) -> [String] {
        columns.enumerated().map { i, column in
            guard let sort, sort.column == i else { return column.title }
            let marker = sort.descending ? glyphs.sortDescending : glyphs.sortAscending
            let room = widths[i] - DisplayWidth.width(of: marker)
            guard room >= 1 else { return column.title }
            return TextFit.truncate(column.title, toWidth: room, ellipsis: glyphs.ellipsis) + marker
        }
    }

    /// One row: each kept column padded to its exact width, separators between. Cells are written one by
    /// one at computed x positions, so a separator's column never depends on the text before it.
    private func drawRow(_ cells: [String], widths: [Int], into screen: inout Screen, x: Int, y: Int,
                         style: Style, leadStyle: Style, separatorStyle: Style) {
        var cx = x
        for (i, width) in widths.enumerated() where width > 0 {
            if cx > x {
                screen.write(String(glyphs.frame.vertical), at: Point(x: cx, y: y), style: separatorStyle)
                cx += 1
            }
            let cell = columns[i].keepsEnd ? TextFit.truncateKeepingEnd(cells[i], toWidth: width, ellipsis: glyphs.ellipsis) : cells[i]
            let text = TextFit.pad(cell, toWidth: width, alignment: columns[i].alignment, ellipsis: glyphs.ellipsis)
            screen.write(text, at: Point(x: cx, y: y), maxWidth: width, style: cx == x ? leadStyle : style,
                         replacement: glyphs.replacement)
            cx += width
        }
    }
}
