import KamengDomain
import TerminalUI

/// The substation health pane (分站状态): worst first, with reasons; detail and signal history; suspend,
/// resume; open one substation from a template or a batch from a file.
enum SubstationsFeature: PaneFeature {
    typealias State = SubstationsState
    typealias Answer = SubstationsAnswer
    typealias Effect = SubstationsEffect
    typealias Client = SubstationsClient

    static let pane = Pane.substations
    static let initialState = SubstationsState()
    static func title(_ language: UILanguage) -> String { localized(language, "分站状态", "Substations") }
    static let showCommand = Command.showSubstations

    static func keymap(_ language: UILanguage) -> Keymap<Command> {
        func text(_ chinese: String, _ english: String) -> String { localized(language, chinese, english) }
        let oncall = text("分站", "Substations")
        return Keymap(scope: "substations", title: title(language), bindings: [
            KeyBinding([.enter], .activate, help: text("详情与信号历史", "Detail and signal history"), showInHintBar: true, group: oncall),
            KeyBinding([.char("s")], .suspendSubstation, help: text("暂停分站（需确认）", "Suspend the substation (asks first)"), showInHintBar: true, group: oncall),
            KeyBinding([.char("r")], .resumeSubstation, help: text("恢复分站（需确认）", "Resume the substation (asks first)"), showInHintBar: true, group: oncall),
            KeyBinding([.char("o")], .openSubstation, help: text("以选中分站为模板开通新分站", "Open a substation from the selected one as template"),
                       showInHintBar: true, group: oncall),
            KeyBinding([.char("O")], .openSubstationBatch, help: text("从文件批量开通分站", "Open substations in a batch from a file"), group: oncall),
        ])
    }

    static func activeKeymaps(_ state: SubstationsState, own: Keymap<Command>, _ keymaps: ConsoleKeymaps) -> [Keymap<Command>] {
        if let dialog = state.dialog {
            if dialog.isForm { return [keymaps.form] }
            if dialog.isPathPrompt { return [keymaps.editing] }
            return [keymaps.dialog]
        }
        if state.showingDetail { return [own, keymaps.global] }
        return [own, keymaps.list, keymaps.global]
    }

    static func helpKeymaps(_ keymaps: ConsoleKeymaps) -> [Keymap<Command>] {
        [keymaps.form, keymaps.editing, keymaps.dialog, keymaps.list, keymaps.global]
    }

    static let commands: Set<Command> = Command.movement.union([
        .closeOverlay, .activate, .suspendSubstation, .resumeSubstation, .openSubstation, .openSubstationBatch,
    ])

    static func permission(for command: Command) -> Permission? {
        switch command {
        case .suspendSubstation, .resumeSubstation: .suspendSubstations
        case .openSubstation, .openSubstationBatch: .manageSubstations
        default: nil
        }
    }

    static func capturesKeys(_ state: SubstationsState) -> Bool { state.dialog != nil }
    static func isLoading(_ state: SubstationsState) -> Bool { state.loading }

    static func started(_ state: inout SubstationsState) -> [ConsoleEffect] {
        state.loading = true
        return [.substations(.load)]
    }

    /// Every commit, and every `healthPolls` polls without one (silence is news too), while in front;
    /// behind other panes, when shown.
    static func changed(_ state: inout SubstationsState, _ change: DataChange) -> [ConsoleEffect] {
        state.pollsSinceLoad += 1
        guard change.committed || state.pollsSinceLoad >= SubstationsState.healthPolls,
              LiveReload.committed(change, loading: &state.loading, stale: &state.stale) else { return [] }
        state.pollsSinceLoad = 0
        return [.substations(.load)]
    }

    static func shown(_ state: inout SubstationsState) -> [ConsoleEffect] {
        guard LiveReload.shown(loading: &state.loading, stale: &state.stale) else { return [] }
        state.pollsSinceLoad = 0
        return [.substations(.load)]
    }

    static func command(_ command: Command, _ state: inout SubstationsState, _ context: PaneContext) -> [ConsoleEffect] {
        SubstationsReducer.command(command, &state, visibleRows: context.tableRows)
    }

    static func typed(_ key: Key, _ state: inout SubstationsState, _ context: PaneContext) -> [ConsoleEffect] {
        SubstationsReducer.typed(key, &state)
    }

    static func answer(_ answer: SubstationsAnswer, _ state: inout SubstationsState, _ context: PaneContext) -> [ConsoleEffect] {
        var effects = SubstationsReducer.answer(answer, &state, visibleRows: context.tableRows)
        switch answer {
        case .loaded, .failed:
            if LiveReload.answered(loading: &state.loading, stale: &state.stale) {
                state.pollsSinceLoad = 0
                effects.append(.substations(.load))
            }
        default: break
        }
        return effects
    }

    static func render(_ view: PaneView<SubstationsState>, into screen: inout Screen, area: Rect) {
        SubstationsView.render(view, into: &screen, area: area)
    }

    static func status(_ view: PaneView<SubstationsState>) -> String { SubstationsView.status(view) }
}

extension Command {
    /// Substation pane: bring it to the front; on-call's levers; the operator opens new substations from a template, or a file of them.
    public static let showSubstations = Command("showSubstations")
    public static let suspendSubstation = Command("suspendSubstation"), resumeSubstation = Command("resumeSubstation")
    public static let openSubstation = Command("openSubstation"), openSubstationBatch = Command("openSubstationBatch")
}

extension ConsoleState {
    /// The substation pane's state.
    public var substations: SubstationsState {
        get { panes[SubstationsFeature.self] }
        set { panes[SubstationsFeature.self] = newValue }
        _modify { yield &panes[SubstationsFeature.self] }
    }
}

extension ConsoleKeymaps {
    /// The substation pane's keys.
    public var substations: Keymap<Command> { self[.substations] }
}

extension ConsoleAction {
    /// An answer of the substation pane.
    public static func substations(_ answer: SubstationsAnswer) -> ConsoleAction { .answer(PaneMessage(.substations, answer)) }
}

extension ConsoleEffect {
    /// Work of the substation pane.
    public static func substations(_ effect: SubstationsEffect) -> ConsoleEffect { .pane(PaneMessage(.substations, effect)) }
}

extension ConsoleClients {
    /// The substations pane's data client.
    public var substations: SubstationsClient {
        get { self[SubstationsFeature.self] }
        set { self[SubstationsFeature.self] = newValue }
    }
}
