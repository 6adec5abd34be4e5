import KamengDomain
import TerminalUI

/// A pane of the console as one feature: its state, what it does with commands, typed keys and the
/// answers to its effects, how it looks, its keys, its status line, and the data client its effects
/// call. The app knows panes only through this protocol and the registry (`Pane.feature`), so routing,
/// help, hints, the command palette and the keymap conflict checks all follow from the registry.
///
/// Everything is static: a feature is a namespace of pure functions over `State` (reduce and render)
/// plus `perform`, the one place its effects meet its client. See Docs/Architecture.md, "Adding a pane".
protocol PaneFeature {
    /// What the pane remembers between frames; the console keeps one per pane (`ConsoleState.panes`).
    associatedtype State: Sendable
    /// What comes back from its effects, folded in by `answer`.
    associatedtype Answer: Equatable & Sendable
    /// Work it asks for: queries and changes, run by `perform` off the input thread.
    associatedtype Effect: Equatable & Sendable
    /// Its data: closures over the storage interface (live) or a test's canned answers.
    associatedtype Client: Sendable

    /// Its place in the registry (tab order, `1`–`9`).
    static var pane: Pane { get }
    static var initialState: State { get }
    static func title(_ language: UILanguage) -> String
    /// The command that brings the pane to the front (bound to its tab number).
    static var showCommand: Command { get }
    /// The pane's own key bindings, before the user's overrides; help and conflict checks come from these.
    static func keymap(_ language: UILanguage) -> Keymap<Command>
    /// The keymaps in force on this pane now, most specific first (`own` has the user's overrides applied).
    static func activeKeymaps(_ state: State, own: Keymap<Command>, _ keymaps: ConsoleKeymaps) -> [Keymap<Command>]
    /// What `?` lists on this pane after its own keys (fields, dialogs, then lists and global keys).
    static func helpKeymaps(_ keymaps: ConsoleKeymaps) -> [Keymap<Command>]
    /// Commands this pane reduces when it is in front (its keymap's, list movement, Enter, Esc…).
    static var commands: Set<Command> { get }
    /// The permission a command of this pane needs; nil for those that change nothing.
    static func permission(for command: Command) -> Permission?

    /// True while typed keys go to a field or dialog of the pane, not to the keymaps.
    static func capturesKeys(_ state: State) -> Bool
    /// True while a query the user waits for is running (the spinner turns).
    static func isLoading(_ state: State) -> Bool

    /// True while quitting would lose work in progress (an import running): `q` asks first.
    static func asksBeforeQuit(_ state: State) -> Bool
    /// The person confirmed quitting: stop what runs (nothing half-written).
    static func quitting(_ state: inout State) -> [ConsoleEffect]
    /// The console starts: the first loads.
    static func started(_ state: inout State) -> [ConsoleEffect]
    /// The engine's change notice arrived (`committed`: another connection wrote), or a poll with nothing new.
    static func changed(_ state: inout State, _ change: DataChange) -> [ConsoleEffect]
    /// The pane came to the front (its tab, Tab, the palette): a pane left stale by commits reloads.
    static func shown(_ state: inout State) -> [ConsoleEffect]
    static func command(_ command: Command, _ state: inout State, _ context: PaneContext) -> [ConsoleEffect]
    static func typed(_ key: Key, _ state: inout State, _ context: PaneContext) -> [ConsoleEffect]
    static func answer(_ answer: Answer, _ state: inout State, _ context: PaneContext) -> [ConsoleEffect]
    /// The terminal changed size: keep the selection on screen.
    static func resized(_ state: inout State, _ context: PaneContext)

    static func render(_ view: PaneView<State>, into screen: inout Screen, area: Rect)
    /// The status line's left side: what the pane holds.
    static func status(_ view: PaneView<State>) -> String
    /// Draws a status line of the pane's own (the orders filter being typed); false leaves the common one.
    static func renderStatusLine(_ view: PaneView<State>, into screen: inout Screen, area: Rect) -> Bool

    /// The client over the storage interface, for the executable to wire in.
    static func live(_ session: ConsoleSession) -> Client
    /// A client whose every call reports its name and throws (for tests; see `ConsoleClients.unimplemented`).
    static func unimplemented(_ report: @escaping @Sendable (String) -> Void) -> Client
    /// Runs one effect with the client on the lanes the runner offers; answers come back through it.
    static func perform(_ effect: Effect, _ client: Client, _ runner: EffectRunner<Answer>)
}

extension PaneFeature {
    static func renderStatusLine(_ view: PaneView<State>, into screen: inout Screen, area: Rect) -> Bool { false }
    static func resized(_ state: inout State, _ context: PaneContext) {}
    static func asksBeforeQuit(_ state: State) -> Bool { false }
    static func quitting(_ state: inout State) -> [ConsoleEffect] { [] }
    static func shown(_ state: inout State) -> [ConsoleEffect] { [] }
}

/// A change notice as a pane sees it.
struct DataChange: Sendable {
    /// Another connection or process committed since the last notice.
    var committed: Bool
    /// The pane is the one on screen (the others catch up when shown: `LiveReload`).
    var inFront: Bool
}
