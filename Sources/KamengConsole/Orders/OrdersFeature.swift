import KamengDomain
import KamengStorage
import TerminalUI

/// The orders pane (订单审核): the list, newest first, paged as it scrolls; `/` filters it; Enter opens
/// an order's timeline, where support reveals its keys, delivers it by hand (补单) or refunds it.
enum OrdersFeature: PaneFeature {
    typealias State = OrdersState
    typealias Answer = OrdersAnswer
    typealias Effect = OrdersEffect
    typealias Client = OrdersClient

    static let pane = Pane.orders
    static let initialState = OrdersState()
    static func title(_ language: UILanguage) -> String { localized(language, "订单审核", "Orders") }
    static let showCommand = Command.showOrders

    static func keymap(_ language: UILanguage) -> Keymap<Command> {
        func text(_ chinese: String, _ english: String) -> String { localized(language, chinese, english) }
        let review = text("订单", "Orders")
        return Keymap(scope: "orders", title: title(language), bindings: [
            KeyBinding([.char("/")], .filter, help: text("筛选", "Filter"), showInHintBar: true, group: review),
            KeyBinding([.enter], .activate, help: text("详情", "Detail"), showInHintBar: true, group: review),
            KeyBinding([.char("v")], .reveal, help: text("查看卡密（需原因和动态码，记入审计）", "Reveal the keys (reason and code, audited)"), group: review),
            KeyBinding([.char("d")], .deliverNow, help: text("补单：立即发货（需确认）", "Deliver now (补单; asks first)"), group: review),
            KeyBinding([.char("R")], .refund, help: text("退款（需确认）", "Refund (asks first)"), group: review),
        ])
    }

    static func activeKeymaps(_ state: OrdersState, own: Keymap<Command>, _ keymaps: ConsoleKeymaps) -> [Keymap<Command>] {
        if state.dialog != nil { return [keymaps.dialog] }
        if state.revealStep != nil || state.filtering { return [keymaps.editing] }
        if state.detail != nil { return [own, keymaps.global] }
        return [own, keymaps.list, keymaps.global]
    }

    static func helpKeymaps(_ keymaps: ConsoleKeymaps) -> [Keymap<Command>] { [keymaps.editing, keymaps.list, keymaps.global] }

    static let commands: Set<Command> = Command.movement.union([.filter, .activate, .closeOverlay, .reveal, .deliverNow, .refund])

    static func permission(for command: Command) -> Permission? {
        switch command {
        case .reveal: .revealKeys
        case .deliverNow: .deliverOrders
        case .refund: .refundOrders
        default: nil
        }
    }

    static func capturesKeys(_ state: OrdersState) -> Bool { state.capturesKeys }
    static func isLoading(_ state: OrdersState) -> Bool { state.loadingReload || state.loadingMore }

    static func started(_ state: inout OrdersState) -> [ConsoleEffect] { OrdersReducer.reload(&state) }

    /// Every commit reloads the list (cheap: one page off an index), anchored where the operator is reading;
    /// not while a reload runs (it may be the person's filter): one follows when that answers.
    static func changed(_ state: inout OrdersState, _ change: DataChange) -> [ConsoleEffect] {
        guard change.committed else { return [] }
        guard change.inFront, !state.loadingReload else { state.stale = true; return [] }
        return OrdersReducer.reload(&state, followingCommit: true)
    }

    static func shown(_ state: inout OrdersState) -> [ConsoleEffect] {
        guard state.stale, !state.loadingReload else { return [] }
        state.stale = false
        return OrdersReducer.reload(&state, followingCommit: true)
    }

    static func command(_ command: Command, _ state: inout OrdersState, _ context: PaneContext) -> [ConsoleEffect] {
        if Command.movement.contains(command) {
            guard state.detail == nil else { return [] }
            return OrdersReducer.move(command, in: &state, visibleRows: context.tableRows)
        }
        return OrdersDetailReducer.command(command, &state)
    }

    static func typed(_ key: Key, _ state: inout OrdersState, _ context: PaneContext) -> [ConsoleEffect] {
        OrdersDetailReducer.typed(key, &state)
    }

    static func answer(_ answer: OrdersAnswer, _ state: inout OrdersState, _ context: PaneContext) -> [ConsoleEffect] {
        var opening: String?
        if case .loaded(let request, _) = answer, request.generation == state.generation, request.kind == .reload {
            opening = state.openWhenLoaded
        }
        var effects = OrdersDetailReducer.answer(answer, &state, visibleRows: context.tableRows)
        if let orderNo = opening { effects += open(orderNo, &state) }
        switch answer {
        case .loaded, .loadFailed:
            if state.stale, !state.loadingReload {
                state.stale = false
                effects += OrdersReducer.reload(&state, followingCommit: true)
            }
        default: break
        }
        return effects
    }

    /// Shows only `orderNo` (typed into the filter, as a person would) and opens it once the list has it.
    static func showOnly(_ orderNo: String, _ state: inout OrdersState) -> [ConsoleEffect] {
        state.detail = nil
        state.detailLoading = false
        state.dialog = nil
        state.revealStep = nil
        state.filtering = false
        state.filterText = TextFieldState(orderNo)
        state.query = OrderQuery.parse(orderNo)
        state.selected = 0
        state.scrollOffset = 0
        state.rows = []
        state.loaded = false
        state.stale = false
        state.openWhenLoaded = orderNo
        return OrdersReducer.reload(&state)
    }

    /// The filtered list answered: open the order asked for, when it is there (else the list says what it found).
    private static func open(_ orderNo: String, _ state: inout OrdersState) -> [ConsoleEffect] {
        state.openWhenLoaded = nil
        guard let index = state.rows.firstIndex(where: { $0.order.orderNo == orderNo }) else { return [] }
        state.selected = index
        state.detailLoading = true
        return [.orders(.loadDetail(state.rows[index]))]
    }

    static func resized(_ state: inout OrdersState, _ context: PaneContext) {
        state.scrollOffset = Table.scrollOffset(selected: state.selected, previous: state.scrollOffset,
                                                visibleRows: context.tableRows, rowCount: state.rows.count)
    }

    static func render(_ view: PaneView<OrdersState>, into screen: inout Screen, area: Rect) {
        OrdersView.render(view, into: &screen, area: area)
    }

    static func status(_ view: PaneView<OrdersState>) -> String { OrdersView.status(view) }

    /// While a filter is typed or in force (on the list), the status line shows it.
    static func renderStatusLine(_ view: PaneView<OrdersState>, into screen: inout Screen, area: Rect) -> Bool {
        guard view.detail == nil, view.filtering || !view.query.isEmpty else { return false }
        OrdersView.renderFilter(view, into: &screen, area: area)
        return true
    }
}

extension Command {
    /// Orders pane: bring it to the front, filter the list, reveal the keys of the order in detail, deliver, refund.
    public static let showOrders = Command("showOrders"), filter = Command("filter"), reveal = Command("reveal")
    public static let deliverNow = Command("deliverNow"), refund = Command("refund")
}

extension ConsoleState {
    /// The orders pane's state.
    public var orders: OrdersState {
        get { panes[OrdersFeature.self] }
        set { panes[OrdersFeature.self] = newValue }
        _modify { yield &panes[OrdersFeature.self] }
    }
}

extension ConsoleKeymaps {
    /// The orders pane's keys.
    public var orders: Keymap<Command> { self[.orders] }
}

extension ConsoleAction {
    /// An answer of the orders pane.
    public static func orders(_ answer: OrdersAnswer) -> ConsoleAction { .answer(PaneMessage(.orders, answer)) }
    /// A page of the order list arrived.
    public static func ordersLoaded(_ request: OrdersRequest, _ rows: [OrderSummary]) -> ConsoleAction { .orders(.loaded(request, rows)) }
    public static func ordersFailed(_ request: OrdersRequest, message: String) -> ConsoleAction { .orders(.loadFailed(request, message: message)) }
}

extension ConsoleEffect {
    /// Work of the orders pane.
    public static func orders(_ effect: OrdersEffect) -> ConsoleEffect { .pane(PaneMessage(.orders, effect)) }
    /// A page query over the order list.
    public static func loadOrders(_ request: OrdersRequest) -> ConsoleEffect { .orders(.load(request)) }
    /// The page this effect asks for, when it is one.
    public var ordersRequest: OrdersRequest? {
        guard case .pane(let message) = self, case .load(let request)? = message.value(as: OrdersEffect.self) else { return nil }
        return request
    }
}

extension ConsoleClients {
    /// The orders pane's data client.
    public var orders: OrdersClient {
        get { self[OrdersFeature.self] }
        set { self[OrdersFeature.self] = newValue }
    }
}
