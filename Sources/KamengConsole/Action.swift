import Foundation
import KamengDomain
import KamengStorage
import TerminalUI

/// What a key means in the console. The raw values are the stable ids users write in keymap overrides,
/// named for what the user asks for, not for the key. The commands every pane shares are here; each
/// pane declares its own in its folder (`Command.approve` in Risk), so adding a pane adds no case here.
public struct Command: RawRepresentable, Hashable, Sendable, KeyAction, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    init(_ id: String) { rawValue = id }
    public var description: String { rawValue }
}

extension Command {
    public static let moveUp = Command("moveUp"), moveDown = Command("moveDown"), top = Command("top"), bottom = Command("bottom")
    public static let pageUp = Command("pageUp"), pageDown = Command("pageDown")
    public static let nextPane = Command("nextPane"), previousPane = Command("previousPane")
    public static let toggleHelp = Command("toggleHelp"), closeOverlay = Command("closeOverlay"), redraw = Command("redraw")
    public static let quit = Command("quit"), commandPalette = Command("commandPalette")
    /// Enter on a row or a field: open, preview, confirm.
    public static let activate = Command("activate")
    /// Keys a text field, a form or a dialog handles itself: listed for the hint bar and help, not remappable.
    public static let completePath = Command("completePath"), clearField = Command("clearField"), switchButton = Command("switchButton")
    public static let nextField = Command("nextField"), previousField = Command("previousField"), toggleOption = Command("toggleOption")

    /// Moving the selection in a list.
    static let movement: Set<Command> = [.moveUp, .moveDown, .pageUp, .pageDown, .top, .bottom]
}

/// Everything that can change the console's state: a person's command, or an answer coming back from
/// an effect. Answers carry the request they answer so stale ones can be recognised and dropped.
public enum ConsoleAction: Equatable, Sendable {
    /// The loop starts: load what the panes show.
    case started
    /// The terminal is now `width`×`height` (also sent once at start).
    case resized(width: Int, height: Int)
    case command(Command)
    /// The engine's change counter as last noticed (`engine.changes(every:)`): a different value means
    /// another connection or process committed.
    case dataVersionPolled(Int)
    /// Time passed while something is loading: advances the spinner.
    case tick
    /// The app read the clock (`ConsoleState.today`).
    case clock(Date)
    /// A key typed into whatever captures keys as text (a path field, a confirm dialog).
    case typed(Key)
    /// An effect of a pane answered (`ConsoleAction.orders(_:)` and the like build these).
    case answer(PaneMessage)
}

/// Work the loop does off the input thread, or asks of the terminal; results come back as actions.
public enum ConsoleEffect: Equatable, Sendable {
    /// Work of one pane, run by its feature with its client (`ConsoleEffect.orders(_:)` and the like build these).
    case pane(PaneMessage)
    /// Bring the Orders pane to the front filtered to this order, and open it once the list has it (a
    /// report's anomaly). Resolved by `reduce` itself (`PaneRouting.follow`); the app never runs it.
    case showOrder(orderNo: String)
    /// Ctrl-L: repaint every cell (the terminal may have been scribbled on).
    case redrawAll
    case quit
}

