import Foundation
import KamengDomain
import KamengStorage
import TerminalUI

/// The low-stock pane (低库存预警): products that need stock, most urgent first; acknowledge, snooze,
/// change a threshold.
enum AlertsFeature: PaneFeature {
    typealias State = AlertsState
    typealias Answer = AlertsAnswer
    typealias Effect = AlertsEffect
    typealias Client = AlertsClient

    static let pane = Pane.alerts
    static let initialState = AlertsState()
    static func title(_ language: UILanguage) -> String { localized(language, "低库存预警", "Alerts") }
    static let showCommand = Command.showAlerts

    static func keymap(_ language: UILanguage) -> Keymap<Command> {
        func text(_ chinese: String, _ english: String) -> String { localized(language, chinese, english) }
        let stock = text("预警", "Alerts")
        return Keymap(scope: "alerts", title: title(language), bindings: [
            KeyBinding([.char("a")], .acknowledge, help: text("确认预警", "Acknowledge"), showInHintBar: true, group: stock),
            KeyBinding([.char("z")], .snooze, help: text("暂缓 24 小时", "Snooze 24 h"), showInHintBar: true, group: stock),
            KeyBinding([.char("t")], .editThreshold, help: text("修改预警线", "Edit threshold"), showInHintBar: true, group: stock),
            KeyBinding([.char("h")], .toggleAcknowledged, help: text("显示/隐藏已确认的预警", "Show / hide acknowledged alerts"), group: stock),
        ])
    }

    static func activeKeymaps(_ state: AlertsState, own: Keymap<Command>, _ keymaps: ConsoleKeymaps) -> [Keymap<Command>] {
        state.editing != nil ? [keymaps.editing] : [own, keymaps.list, keymaps.global]
    }

    static func helpKeymaps(_ keymaps: ConsoleKeymaps) -> [Keymap<Command>] { [keymaps.editing, keymaps.list, keymaps.global] }

    static let commands: Set<Command> = Command.movement.union([.acknowledge, .snooze, .editThreshold, .toggleAcknowledged])

    static func permission(for command: Command) -> Permission? {
        [.acknowledge, .snooze, .editThreshold].contains(command) ? .manageProducts : nil
    }

    static func capturesKeys(_ state: AlertsState) -> Bool { state.capturesKeys }
    static func isLoading(_ state: AlertsState) -> Bool { state.loading }

    static func started(_ state: inout AlertsState) -> [ConsoleEffect] {
        state.loading = true
        return [.loadStock]
    }

    /// Every commit reloads while the pane is in front (one reload at a time; a commit during one is
    /// followed by one more); behind other panes it reloads when shown.
    static func changed(_ state: inout AlertsState, _ change: DataChange) -> [ConsoleEffect] {
        change.committed && LiveReload.committed(change, loading: &state.loading, stale: &state.stale) ? [.loadStock] : []
    }

    static func shown(_ state: inout AlertsState) -> [ConsoleEffect] {
        LiveReload.shown(loading: &state.loading, stale: &state.stale) ? [.loadStock] : []
    }

    static func command(_ command: Command, _ state: inout AlertsState, _ context: PaneContext) -> [ConsoleEffect] {
        AlertsReducer.command(command, &state, visibleRows: context.tableRows)
    }

    static func typed(_ key: Key, _ state: inout AlertsState, _ context: PaneContext) -> [ConsoleEffect] {
        AlertsReducer.typed(key, &state)
    }

    static func answer(_ answer: AlertsAnswer, _ state: inout AlertsState, _ context: PaneContext) -> [ConsoleEffect] {
        var effects = AlertsReducer.answer(answer, &state)
        switch answer {
        case .levelsLoaded, .levelsFailed:
            if LiveReload.answered(loading: &state.loading, stale: &state.stale) { effects.append(.loadStock) }
        case .expiryDue:
            // Still in front: count. Flipped past: the next reload that finds the count due asks again.
            if context.inFront == .alerts { effects.append(.alerts(.countExpiry)) } else { state.countingExpiry = false }
        default: break
        }
        return effects
    }

    static func render(_ view: PaneView<AlertsState>, into screen: inout Screen, area: Rect) {
        AlertsView.render(view, into: &screen, area: area)
    }

    static func status(_ view: PaneView<AlertsState>) -> String { AlertsView.status(view) }
}

extension Command {
    /// Alerts pane: bring it to the front; acknowledge, snooze for a day, change the threshold, show acknowledged ones too.
    public static let showAlerts = Command("showAlerts"), acknowledge = Command("acknowledge"), snooze = Command("snooze")
    public static let editThreshold = Command("editThreshold"), toggleAcknowledged = Command("toggleAcknowledged")
}

extension ConsoleState {
    /// The alerts pane's state.
    public var alerts: AlertsState {
        get { panes[AlertsFeature.self] }
        set { panes[AlertsFeature.self] = newValue }
        _modify { yield &panes[AlertsFeature.self] }
    }
}

extension ConsoleKeymaps {
    /// The alerts pane's keys.
    public var alerts: Keymap<Command> { self[.alerts] }
}

extension ConsoleAction {
    /// An answer of the alerts pane.
    public static func alerts(_ answer: AlertsAnswer) -> ConsoleAction { .answer(PaneMessage(.alerts, answer)) }
    public static func stockLoaded(_ levels: [StockLevel]) -> ConsoleAction { .alerts(.levelsLoaded(levels)) }
    public static func stockFailed(message: String) -> ConsoleAction { .alerts(.levelsFailed(message)) }
}

extension ConsoleEffect {
    /// Work of the alerts pane.
    public static func alerts(_ effect: AlertsEffect) -> ConsoleEffect { .pane(PaneMessage(.alerts, effect)) }
    /// The alerts pane's whole reload.
    public static var loadStock: ConsoleEffect { .alerts(.load) }
}

extension ConsoleClients {
    /// The alerts pane's data client.
    public var alerts: AlertsClient {
        get { self[AlertsFeature.self] }
        set { self[AlertsFeature.self] = newValue }
    }
}
