import KamengDomain
import TerminalUI

/// The risk queue (风控队列): held orders by score then age, why they were held, related orders; approve,
/// reject (with what to blacklist), escalate, note, one order or marked ones.
enum RiskFeature: PaneFeature {
    typealias State = RiskState
    typealias Answer = RiskAnswer
    typealias Effect = RiskEffect
    typealias Client = RiskClient

    static let pane = Pane.risk
    /// How many held orders the queue lists, highest score first; the status line counts them all. A
    /// reviewer works from the top, and the list reloads with every commit while in front (200 orders:
    /// about 2 ms on the 5M-order demo, against 4–10 ms for 500).
    static let queueLength = 200
    static let initialState = RiskState()
    static func title(_ language: UILanguage) -> String { localized(language, "风控队列", "Risk") }
    static let showCommand = Command.showRisk

    static func keymap(_ language: UILanguage) -> Keymap<Command> {
        func text(_ chinese: String, _ english: String) -> String { localized(language, chinese, english) }
        let queue = text("风控", "Risk")
        return Keymap(scope: "risk", title: title(language), bindings: [
            KeyBinding([.char(" ")], .toggleMark, help: text("选中/取消（批量操作）", "Mark / unmark (bulk)"), showInHintBar: true, group: queue),
            KeyBinding([.char("a")], .approve, help: text("通过并发货（需确认）", "Approve and deliver (asks first)"), showInHintBar: true, group: queue),
            KeyBinding([.char("x")], .reject, help: text("拒绝：退款或取消（需确认）", "Reject: refund or cancel (asks first)"), showInHintBar: true, group: queue),
            KeyBinding([.char("E")], .escalate, help: text("升级给管理员", "Escalate to an admin"), group: queue),
            KeyBinding([.char("n")], .addNote, help: text("添加备注", "Add a note"), group: queue),
        ])
    }

    static func activeKeymaps(_ state: RiskState, own: Keymap<Command>, _ keymaps: ConsoleKeymaps) -> [Keymap<Command>] {
        guard let dialog = state.dialog else { return [own, keymaps.list, keymaps.global] }
        return dialog.hasOptions ? [keymaps.options, keymaps.dialog] : [keymaps.dialog]
    }

    static func helpKeymaps(_ keymaps: ConsoleKeymaps) -> [Keymap<Command>] { [keymaps.dialog, keymaps.options, keymaps.list, keymaps.global] }

    static let commands: Set<Command> = Command.movement.union([.toggleMark, .approve, .reject, .escalate, .addNote, .closeOverlay])

    static func permission(for command: Command) -> Permission? {
        [.toggleMark, .approve, .reject, .escalate, .addNote].contains(command) ? .reviewRisk : nil
    }

    static func capturesKeys(_ state: RiskState) -> Bool { state.capturesKeys }
    static func isLoading(_ state: RiskState) -> Bool { state.loading }

    static func started(_ state: inout RiskState) -> [ConsoleEffect] {
        state.loading = true
        return [.risk(.load)]
    }

    static func changed(_ state: inout RiskState, _ change: DataChange) -> [ConsoleEffect] {
        change.committed && LiveReload.committed(change, loading: &state.loading, stale: &state.stale) ? [.risk(.load)] : []
    }

    static func shown(_ state: inout RiskState) -> [ConsoleEffect] {
        LiveReload.shown(loading: &state.loading, stale: &state.stale) ? [.risk(.load)] : []
    }

    static func command(_ command: Command, _ state: inout RiskState, _ context: PaneContext) -> [ConsoleEffect] {
        RiskReducer.command(command, &state, visibleRows: visibleRows(context))
    }

    static func typed(_ key: Key, _ state: inout RiskState, _ context: PaneContext) -> [ConsoleEffect] {
        RiskReducer.typed(key, &state)
    }

    static func answer(_ answer: RiskAnswer, _ state: inout RiskState, _ context: PaneContext) -> [ConsoleEffect] {
        var effects = RiskReducer.answer(answer, &state, visibleRows: visibleRows(context))
        switch answer {
        case .loaded, .unchanged, .failed:
            if LiveReload.answered(loading: &state.loading, stale: &state.stale) { effects.append(.risk(.load)) }
        default: break
        }
        return effects
    }

    private static func visibleRows(_ context: PaneContext) -> Int { RiskLayout(body: context.layout.body).tableRows }

    static func render(_ view: PaneView<RiskState>, into screen: inout Screen, area: Rect) {
        RiskView.render(view, into: &screen, area: area)
    }

    static func status(_ view: PaneView<RiskState>) -> String { RiskView.status(view) }
}

extension Command {
    /// Risk queue: bring it to the front; mark for a bulk decision, approve, reject, escalate, annotate.
    public static let showRisk = Command("showRisk"), toggleMark = Command("toggleMark"), approve = Command("approve")
    public static let reject = Command("reject"), escalate = Command("escalate"), addNote = Command("addNote")
}

extension ConsoleState {
    /// The risk queue's state.
    public var risk: RiskState {
        get { panes[RiskFeature.self] }
        set { panes[RiskFeature.self] = newValue }
        _modify { yield &panes[RiskFeature.self] }
    }
}

extension ConsoleKeymaps {
    /// The risk queue's keys.
    public var risk: Keymap<Command> { self[.risk] }
}

extension ConsoleAction {
    /// An answer of the risk queue.
    public static func risk(_ answer: RiskAnswer) -> ConsoleAction { .answer(PaneMessage(.risk, answer)) }
}

extension ConsoleEffect {
    /// Work of the risk queue.
    public static func risk(_ effect: RiskEffect) -> ConsoleEffect { .pane(PaneMessage(.risk, effect)) }
}

extension ConsoleClients {
    /// The risk queue's data client.
    public var risk: RiskClient {
        get { self[RiskFeature.self] }
        set { self[RiskFeature.self] = newValue }
    }
}
