import Foundation
import KamengDomain
import TerminalUI

/// What every pane may read besides its own state: the presentation choices made at start, the size,
/// who is at the console. Nothing of other panes: a pane's reducer and view cannot reach them.
struct PaneContext: Sendable {
    var language: UILanguage
    var glyphs: Glyphs
    /// Order times are stored in UTC and shown in this zone.
    var timeZone: TimeZone
    /// The clock as last read by the app; a time from another year is shown with its year.
    var today: Date?
    var role: Role?
    var readOnly: Bool
    var width: Int
    var height: Int
    var spinnerFrame: Int
    /// The pane in front (a pane may spend on what is seen, not on what is flipped past).
    var inFront: Pane

    /// The common layout: the pane draws in `layout.body`.
    var layout: ConsoleLayout { ConsoleLayout(width: width, height: height) }
    /// Rows of data a full-body table shows (a page for PgDn).
    var tableRows: Int { layout.tableRows }
    var words: Strings { Strings(language: language, ellipsis: glyphs.ellipsis) }

    /// Whether the person at the console may ask for `command` (see `ConsoleState.allows`).
    func allows(_ command: Command) -> Bool {
        guard let permission = Pane.permission(for: command) else { return true }
        return !readOnly && role?.may(permission) == true
    }

    /// The spinner's current frame: braille dots are one column on every terminal; ASCII mode gets the classic bar.
    var spinner: String {
        let frames: [String] = glyphs.frame == .ascii ? ["-", "\\", "|", "/"] : ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]
        return frames[spinnerFrame % frames.count]
    }
}

/// A pane's state as its view sees it: the pane's own state (its properties read through, as
/// `view.rows`) and the shared `PaneContext` (`view.language`, `view.glyphs`…). Views take this, never
/// the whole console state.
@dynamicMemberLookup
struct PaneView<State> {
    let state: State
    let context: PaneContext

    subscript<Value>(dynamicMember path: KeyPath<State, Value>) -> Value { state[keyPath: path] }

    var language: UILanguage { context.language }
    var glyphs: Glyphs { context.glyphs }
    var timeZone: TimeZone { context.timeZone }
    var today: Date? { context.today }
    var words: Strings { context.words }
    var spinner: String { context.spinner }
    func allows(_ command: Command) -> Bool { context.allows(command) }
}
