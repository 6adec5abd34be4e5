import Foundation
import KamengDomain
import TerminalUI

/// The whole console: which pane is in front, each pane's state, overlays, and the presentation choices
/// made at start (language, glyphs, time zone). A value: reduce changes it, render only reads it.
public struct ConsoleState: Sendable {
    public var pane: Pane = .orders
    public var language: UILanguage
    public var glyphs: Glyphs
    /// Order times are stored in UTC and shown in this zone.
    public var timeZone: TimeZone
    public var keymaps: ConsoleKeymaps
    public var width = 0
    public var height = 0
    public var showingHelp = false
    public var helpScroll = 0
    /// Each pane's own state (the panes' folders add typed accessors: `state.orders`).
    public var panes = PaneStates()
    /// The role of the person at the console; nil when they are not staff (they may look, not act).
    public var role: Role?
    /// Who is signed in, shown on the status line: set for a console opened through `kameng ssh-session`
    /// (locally it is always the owner, and the line keeps its room).
    public var signedIn: String?
    /// The clock as last read by the app (at start, then about once a minute): a time from another year
    /// is shown with its year. Nil until then, and in tests that do not set it.
    public var today: Date?
    /// Advances while something loads, so a slow query is visibly in progress.
    public var spinnerFrame = 0
    /// The last `data_version` seen; nil until the first poll answers.
    public var dataVersion: Int?
    public var quitRequested = false
    /// `q` while an import runs asks first: quitting cancels it (nothing is written).
    public var quitDialog: ConfirmDialogState?
    /// The `:` prompt being typed, and what the last one said (an unknown name).
    public var palette: TextFieldState?
    public var paletteMessage: String?
    /// A `--readonly` session: the status line says so, and changing actions are not offered.
    public var readOnly = false

    /// The smallest terminal the layout is drawn in; below it the TooSmall screen is shown.
    public static let minimumWidth = 40
    public static let minimumHeight = 10

    public init(language: UILanguage, glyphs: Glyphs = .unicode, timeZone: TimeZone = ConsoleClock.defaultTimeZone,
                keymaps: ConsoleKeymaps? = nil) {
        self.language = language
        self.glyphs = glyphs
        self.timeZone = timeZone
        self.keymaps = keymaps ?? ConsoleKeymaps(language: language)
    }

    /// True while any query the user waits for is running.
    public var isLoading: Bool { Pane.allCases.contains { $0.isLoading(self) } }

    /// True while typed keys go to a text field or a dialog in front, not to the keymaps.
    public var capturesKeys: Bool {
        guard !showingHelp else { return false }
        if quitDialog != nil || palette != nil { return true }
        return pane.capturesKeys(self)
    }

    /// Whether the person at the console may ask for `command`: actions their role may not take, and
    /// in a read-only session every changing action, are neither offered (hint bar, help's palette)
    /// nor run (the store refuses them too).
    public func allows(_ command: Command) -> Bool { context.allows(command) }

    /// What the panes' reducers and views may read besides their own state.
    var context: PaneContext {
        PaneContext(language: language, glyphs: glyphs, timeZone: timeZone, today: today, role: role, readOnly: readOnly,
                    width: width, height: height, spinnerFrame: spinnerFrame, inFront: pane)
    }

    public var isTooSmall: Bool { width < Self.minimumWidth || height < Self.minimumHeight }

    /// The keymaps in force, most specific first: an open overlay captures keys before the pane does.
    public var activeKeymaps: [Keymap<Command>] {
        if showingHelp { return [keymaps.help, keymaps.global] }
        if quitDialog != nil { return [keymaps.dialog] }
        if palette != nil { return [keymaps.editing] }
        return pane.activeKeymaps(self)
    }

    /// The hint bar's bindings: quit and help first, so a narrow terminal drops pane hints before them.
    public var hintBindings: [KeyBinding<Command>] {
        // A key an earlier (more specific) keymap claims is not advertised again for a later one.
        var claimed: Set<Key> = []
        var all: [KeyBinding<Command>] = []
        for keymap in activeKeymaps {
            all += keymap.hintBarBindings.filter { allows($0.action) && ($0.keys.first.map { !claimed.contains($0) } ?? false) }
            claimed.formUnion(keymap.bindings.flatMap(\.keys))
        }
        let essential: Set<Command> = [.quit, .toggleHelp, .closeOverlay]
        return all.filter { essential.contains($0.action) } + all.filter { !essential.contains($0.action) }
    }

    /// What `key` asks for right now; nil when it is bound to nothing in force.
    public func command(for key: Key) -> Command? {
        for keymap in activeKeymaps {
            if let command = keymap.action(for: key) { return command }
        }
        return nil
    }
}
