import KamengDomain
import KamengStorage
import TerminalUI

/// The Reports pane (报表): revenue, margin and commission over a period as the ledger booked them,
/// per day, product and substation; balances running low; reconciliation's anomalies, each a jump to
/// its order; `e` exports what is shown. Data only for roles that may read finance (`.viewFinance`).
enum ReportsFeature: PaneFeature {
    typealias State = ReportsState
    typealias Answer = ReportsAnswer
    typealias Effect = ReportsEffect
    typealias Client = ReportsClient

    static let pane = Pane.reports
    static let initialState = ReportsState()
    static func title(_ language: UILanguage) -> String { localized(language, "报表", "Reports") }
    static let showCommand = Command.showReports

    static func keymap(_ language: UILanguage) -> Keymap<Command> {
        func text(_ chinese: String, _ english: String) -> String { localized(language, chinese, english) }
        let period = text("期间", "Period"), reports = text("报表", "Reports")
        return Keymap(scope: "reports", title: title(language), bindings: [
            KeyBinding([.char("t")], .reportToday, help: text("今天", "Today"), showInHintBar: true, group: period),
            KeyBinding([.char("w")], .reportWeek, help: text("近 7 天", "Last 7 days"), showInHintBar: true, group: period),
            KeyBinding([.char("m")], .reportMonth, help: text("近 30 天", "Last 30 days"), showInHintBar: true, group: period),
            KeyBinding([.char("c")], .reportCustom, help: text("自定义起止日期", "Custom first and last day"), group: period),
            KeyBinding([.char("s")], .nextReportSection, help: text("切换表格", "Next table"), showInHintBar: true, group: reports),
            KeyBinding([.enter], .activate, help: text("打开对账异常的订单", "Open the anomaly's order"), group: reports),
            KeyBinding([.char("e")], .exportReport, help: text("导出 CSV / .xlsx", "Export CSV / .xlsx"), showInHintBar: true, group: reports),
        ])
    }

    static func activeKeymaps(_ state: ReportsState, own: Keymap<Command>, _ keymaps: ConsoleKeymaps) -> [Keymap<Command>] {
        state.prompt != nil ? [keymaps.editing] : [own, keymaps.list, keymaps.global]
    }

    static func helpKeymaps(_ keymaps: ConsoleKeymaps) -> [Keymap<Command>] { [keymaps.editing, keymaps.list, keymaps.global] }

    static let commands: Set<Command> = Command.movement.union([.reportToday, .reportWeek, .reportMonth, .reportCustom,
                                                               .nextReportSection, .activate, .exportReport])

    /// None changes anything, so a read-only session has them all. Reading needs `.viewFinance`, which
    /// the reducer and view check themselves (`PaneContext.allows` refuses every permission read-only).
    static func permission(for command: Command) -> Permission? { nil }

    static func capturesKeys(_ state: ReportsState) -> Bool { state.capturesKeys }
    static func isLoading(_ state: ReportsState) -> Bool { state.loading || state.exporting }

    /// Nothing is read until the pane is first shown: most people at the console never open it, and
    /// reconciliation reads every order of the period.
    static func started(_ state: inout ReportsState) -> [ConsoleEffect] {
        state.stale = true
        return []
    }

    static func changed(_ state: inout ReportsState, _ change: DataChange) -> [ConsoleEffect] {
        guard change.committed, state.report != nil || state.loading else { return [] }
        return LiveReload.committed(change, loading: &state.loading, stale: &state.stale) ? request(&state, followingCommit: true) : []
    }

    static func shown(_ state: inout ReportsState) -> [ConsoleEffect] {
        LiveReload.shown(loading: &state.loading, stale: &state.stale) ? request(&state, followingCommit: state.report != nil) : []
    }

    /// `LiveReload` has set `loading`: the request itself, a new generation.
    private static func request(_ state: inout ReportsState, followingCommit: Bool) -> [ConsoleEffect] {
        ReportsReducer.reload(&state, followingCommit: followingCommit)
    }

    static func command(_ command: Command, _ state: inout ReportsState, _ context: PaneContext) -> [ConsoleEffect] {
        ReportsReducer.command(command, &state, context)
    }

    static func typed(_ key: Key, _ state: inout ReportsState, _ context: PaneContext) -> [ConsoleEffect] {
        ReportsReducer.typed(key, &state, context.words)
    }

    static func answer(_ answer: ReportsAnswer, _ state: inout ReportsState, _ context: PaneContext) -> [ConsoleEffect] {
        var effects = ReportsReducer.answer(answer, &state, context.words)
        switch answer {
        case .reconciled, .loadFailed:
            if !state.loading, LiveReload.answered(loading: &state.loading, stale: &state.stale) {
                effects += request(&state, followingCommit: true)
            }
        default: break
        }
        return effects
    }

    static func render(_ view: PaneView<ReportsState>, into screen: inout Screen, area: Rect) {
        ReportsView.render(view, into: &screen, area: area)
    }

    static func status(_ view: PaneView<ReportsState>) -> String { ReportsView.status(view) }
}

extension Command {
    /// Reports pane: bring it to the front; the period (today, 7 days, 30 days, custom); the next table; export.
    public static let showReports = Command("showReports"), reportToday = Command("reportToday"), reportWeek = Command("reportWeek")
    public static let reportMonth = Command("reportMonth"), reportCustom = Command("reportCustom")
    public static let nextReportSection = Command("nextReportSection"), exportReport = Command("exportReport")
}

extension ConsoleState {
    /// The Reports pane's state.
    public var reports: ReportsState {
        get { panes[ReportsFeature.self] }
        set { panes[ReportsFeature.self] = newValue }
        _modify { yield &panes[ReportsFeature.self] }
    }
}

extension ConsoleKeymaps {
    /// The Reports pane's keys.
    public var reports: Keymap<Command> { self[.reports] }
}

extension ConsoleAction {
    /// An answer of the Reports pane.
    public static func reports(_ answer: ReportsAnswer) -> ConsoleAction { .answer(PaneMessage(.reports, answer)) }
}

extension ConsoleEffect {
    /// Work of the Reports pane.
    public static func reports(_ effect: ReportsEffect) -> ConsoleEffect { .pane(PaneMessage(.reports, effect)) }
    /// The reload this effect asks for, when it is one.
    public var reportsRequest: ReportsRequest? {
        guard case .pane(let message) = self, case .load(let request)? = message.value(as: ReportsEffect.self) else { return nil }
        return request
    }
}

extension ConsoleClients {
    /// The Reports pane's data client.
    public var reports: ReportsClient {
        get { self[ReportsFeature.self] }
        set { self[ReportsFeature.self] = newValue }
    }
}
