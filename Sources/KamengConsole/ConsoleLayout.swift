import TerminalUI

/// Where things go on a screen of a given size, shared by render (to draw) and reduce (to know how many
/// rows a page is), so PgDn moves exactly one visible page.
public struct ConsoleLayout: Equatable, Sendable {
    public var tabs: Rect
    public var status: Rect
    public var body: Rect
    public var hints: Rect

    public init(width: Int, height: Int) {
        let whole = Rect(x: 0, y: 0, width: width, height: height)
        let (tabs, rest) = whole.splitTop(1)
        let (status, below) = rest.splitTop(1)
        let (body, hints) = below.splitBottom(1)
        self.tabs = tabs
        self.status = status
        self.body = body
        self.hints = hints
    }

    /// Every console table reverses only the selected row's first column (see `Table.Highlight`): the
    /// console is used over SSH, where a keypress should cost a hundred bytes, not a few hundred.
    public static let tableHighlight: Table.Highlight = .leadColumn

    /// Rows of data a Table shows in `body`: its header and rule take two rows once there are three.
    public var tableRows: Int { body.height >= 3 ? body.height - 2 : max(0, body.height - 1) }
}
