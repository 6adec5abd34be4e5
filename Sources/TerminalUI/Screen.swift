/// A rectangle of cells that a frame is drawn into: the contract between widgets (which write into it)
/// and a terminal backend (which diffs two of them and writes only what changed).
public struct Screen: Equatable, Sendable {
    public let width: Int
    public let height: Int
    /// Row-major cells; `cells[y * width + x]`.
    public private(set) var cells: [Cell]
    /// Where the terminal cursor should sit (a text field's caret, so an IME composes in place); nil hides it.
    public var cursor: Point?

    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = Array(repeating: fill, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    public func contains(x: Int, y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height }
}

/// One terminal cell. A wide character (中) occupies its cell and marks the next one as its continuation.
public struct Cell: Equatable, Hashable, Sendable {
    /// One grapheme cluster of display width 1 or 2; empty for the right half of a wide character.
    public var text: String
    public var style: Style

    public init(_ text: String, style: Style = Style()) {
        self.text = text
        self.style = style
    }

    public static let blank = Cell(" ")
    /// The right half of a wide character: backends skip it.
    public static func continuation(style: Style) -> Cell { Cell("", style: style) }
    public var isContinuation: Bool { text.isEmpty }
}

/// A semantic role; a Theme maps roles to colours, so widgets never name a colour.
public enum StyleRole: String, CaseIterable, Hashable, Sendable, Codable {
    case normal, selected, header, muted, ok, warn, danger, accent, border, title
    case hint, hintKey, tabActive, tabInactive, dialog, input, sparkline, progress
}

/// How a cell is drawn: a role plus attributes that survive a monochrome terminal.
public struct Style: Equatable, Hashable, Sendable {
    public var role: StyleRole
    public var bold: Bool
    public var reverse: Bool
    public var underline: Bool

    public init(_ role: StyleRole = .normal, bold: Bool = false, reverse: Bool = false, underline: Bool = false) {
        self.role = role
        self.bold = bold
        self.reverse = reverse
        self.underline = underline
    }
}

/// A cell position; x is the column, y the row, both from 0 at the top left.
public struct Point: Equatable, Hashable, Sendable {
    public var x: Int
    public var y: Int
    public init(x: Int, y: Int) { self.x = x; self.y = y }
}
