import Foundation
import KamengDomain
import KamengStorage
import TerminalUI

/// What a key means in the console. The raw values are the stable ids users write in keymap overrides,
/// named for what the user asks for, not for the key.
public enum Command: String, KeyAction, CaseIterable {
    case moveUp, moveDown, top, bottom, pageUp, pageDown
    case nextPane, previousPane
    case showImports, showAlerts, showOrders, showSubstations, showRisk
    case toggleHelp, closeOverlay, redraw, quit, commandPalette
    /// Import pane: type a path, choose the product, preview / confirm, cancel a run, void a batch.
    case editPath, nextProduct, previousProduct, activate, cancelWork, voidBatch
    /// Keys a text field, a form or a dialog handles itself: listed for the hint bar and help, not remappable.
    case completePath, clearField, switchButton, nextField, previousField, toggleOption
    /// Substation pane: on-call's levers; the operator opens new substations from a template, or a file of them.
    case suspendSubstation, resumeSubstation, openSubstation, openSubstationBatch
    /// Orders pane: filter the list, reveal the keys of the order in detail.
    case filter, reveal, deliverNow, refund
    /// Risk queue: mark for a bulk decision, approve, reject, escalate, annotate.
    case toggleMark, approve, reject, escalate, addNote
    /// Alerts pane: acknowledge, snooze for a day, change the threshold, show acknowledged ones too.
    case acknowledge, snooze, editThreshold, toggleAcknowledged
}

/// Everything that can change the console's state: a person's command, or an answer coming back from
/// an effect. Answers carry the request they answer so stale ones can be recognised and dropped.
public enum ConsoleAction: Equatable, Sendable {
    /// The loop starts: load what the panes show.
    case started
    /// The terminal is now `width`×`height` (also sent once at start).
    case resized(width: Int, height: Int)
    case command(Command)
    case ordersLoaded(OrdersRequest, [OrderSummary])
    case ordersFailed(OrdersRequest, message: String)
    case stockLoaded([StockLevel])
    case stockFailed(message: String)
    /// The engine's change counter as last noticed (`engine.changes(every:)`): a different value means
    /// another connection or process committed.
    case dataVersionPolled(Int)
    /// Time passed while something is loading: advances the spinner.
    case tick
    /// The app read the clock (`ConsoleState.today`).
    case clock(Date)
    /// A key typed into whatever captures keys as text (a path field, a confirm dialog).
    case typed(Key)
    case imports(ImportAnswer)
    case substations(SubstationsAnswer)
    case orders(OrdersAnswer)
    case risk(RiskAnswer)
    case alerts(AlertsAnswer)
}

/// Work the loop does off the input thread, or asks of the terminal; results come back as actions.
public enum ConsoleEffect: Equatable, Sendable {
    case loadOrders(OrdersRequest)
    case loadStock
    case imports(ImportEffect)
    case substations(SubstationsEffect)
    case orders(OrdersEffect)
    case risk(RiskEffect)
    case alerts(AlertsEffect)
    /// Ctrl-L: repaint every cell (the terminal may have been scribbled on).
    case redrawAll
    case quit
}

/// One page query over the order list, newest first.
public struct OrdersRequest: Hashable, Sendable {
    /// `.reload` replaces the rows from the newest; `.nextPage` appends rows older than `after`.
    public enum Kind: Hashable, Sendable { case reload, nextPage }

    public var kind: Kind
    /// The list generation this request belongs to: a reload starts a new one, so a page asked for
    /// before it is recognised as stale when it arrives.
    public var generation: Int
    public var after: OrderPageKey?
    public var limit: Int
    /// The filter typed with `/` (empty: every order).
    public var query: OrderQuery
    /// A reload anchored below the top (`after` set): how many leading rows stay as they are.
    public var keeping: Int

    public init(kind: Kind, generation: Int, after: OrderPageKey?, limit: Int, query: OrderQuery = OrderQuery(), keeping: Int = 0) {
        self.kind = kind
        self.generation = generation
        self.after = after
        self.limit = limit
        self.query = query
        self.keeping = keeping
    }
}
