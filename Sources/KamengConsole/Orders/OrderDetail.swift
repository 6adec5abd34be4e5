import Foundation
import KamengDomain
import KamengStorage
import TerminalUI

/// An order opened for a closer look: the order, what happened to it, and its keys.
public struct OrderDetail: Sendable, Equatable {
    public var summary: OrderSummary
    public var history: [AuditEvent]
    /// The delivered keys' ids and number hints; secrets are never loaded for the detail.
    public var keys: [MaskedKey]
    /// Keys opened by an audited reveal, shown until `revealToken` expires (30 s).
    public var revealed: [ShownKey]?
    public var revealToken = 0

    public init(summary: OrderSummary, history: [AuditEvent], keys: [MaskedKey]) {
        self.summary = summary
        self.history = history
        self.keys = keys
    }
}

/// A delivered key as the detail lists it: id, status and the last 4 of its number at most.
public struct MaskedKey: Sendable, Equatable {
    public var id: Int64
    public var numberHint: String?
    public var status: String

    public init(id: Int64, numberHint: String?, status: String) {
        self.id = id
        self.numberHint = numberHint
        self.status = status
    }
}

/// A key opened by a reveal. Lives in the console's memory for 30 seconds, never written anywhere.
public struct ShownKey: Sendable, Equatable {
    public var id: Int64
    public var number: String?
    public var secret: String

    public init(id: Int64, number: String?, secret: String) {
        self.id = id
        self.number = number
        self.secret = secret
    }
}

/// What support can do to an opened order besides revealing its keys.
public enum OrderAction: String, Sendable, Equatable {
    /// Deliver a paid or awaiting-stock order now (补单 after a restock).
    case deliver
    case refund
}

/// A decision on an opened order being asked about: confirm first, then a code if the store wants one.
public enum OrderDialog: Sendable, Equatable {
    case confirm(OrderAction, ConfirmDialogState)
    case code(OrderAction, TextFieldState)
}

/// The two prompts a reveal needs: why (for the audit log), then a fresh authenticator code.
public enum RevealStep: Sendable, Equatable {
    case reason(TextFieldState)
    case code(reason: String, TextFieldState)
}

/// Answers from the orders pane's effects.
public enum OrdersAnswer: Sendable, Equatable {
    /// A page of the list (`ConsoleAction.ordersLoaded`); stale ones are recognised by the request's generation.
    case loaded(OrdersRequest, [OrderSummary])
    case loadFailed(OrdersRequest, message: String)
    case detailLoaded(OrderDetail)
    case detailFailed(String)
    case revealed(orderId: Int64, keys: [ShownKey], token: Int)
    case revealFailed(String)
    /// Thirty seconds passed since the reveal with this token.
    case hideReveal(token: Int)
    case acted(OrderAction, orderId: Int64, outcome: String)
    case actionNeedsCode(OrderAction, orderId: Int64)
    case actionFailed(String)
}

/// Work the orders pane asks for.
public enum OrdersEffect: Sendable, Equatable {
    /// A page of the list, or a reload of it.
    case load(OrdersRequest)
    case loadDetail(OrderSummary)
    case reveal(orderId: Int64, reason: String, code: String, token: Int)
    /// Sends `hideReveal(token)` after `seconds`.
    case hideRevealAfter(seconds: Double, token: Int)
    case act(OrderAction, orderId: Int64, code: String?)
}

/// Seconds a revealed key stays on screen.
let revealSeconds = 30.0

/// Filter, detail and reveal transitions of the orders pane, and where its answers go.
enum OrdersDetailReducer {
    static func command(_ command: Command, _ state: inout OrdersState) -> [ConsoleEffect] {
        switch command {
        case .filter:
            state.filtering = true
            state.filterText = TextFieldState(state.filterText.value)
            return []
        case .activate:
            guard state.detail == nil, state.rows.indices.contains(state.selected) else { return [] }
            state.detailLoading = true
            return [.orders(.loadDetail(state.rows[state.selected]))]
        case .closeOverlay:
            if state.detail != nil || state.detailLoading {
                state.detail = nil
                state.detailLoading = false
                return []
            }
            guard !state.query.isEmpty else { return [] }
            // Esc on the list clears the filter.
            state.query = OrderQuery()
            state.filterText = TextFieldState()
            state.selected = 0
            state.scrollOffset = 0
            return OrdersReducer.reload(&state)
        case .reveal:
            guard let detail = state.detail, detail.revealed == nil, !detail.keys.isEmpty else { return [] }
            state.revealStep = .reason(TextFieldState())
            return []
        case .deliverNow, .refund:
            guard let order = state.detail?.summary.order else { return [] }
            let action: OrderAction = command == .deliverNow ? .deliver : .refund
            let allowed = action == .deliver ? (order.status == .paid || order.status == .awaitingStock) : order.status.canMove(to: .refunded)
            guard allowed else { state.notice = nil; return [] }
            state.dialog = .confirm(action, ConfirmDialogState())
            return []
        default:
            return []
        }
    }

    static func typed(_ key: Key, _ state: inout OrdersState) -> [ConsoleEffect] {
        if let dialog = state.dialog { return typedInDialog(key, dialog, &state) }
        if let step = state.revealStep { return typedInReveal(key, step, &state) }
        guard state.filtering else { return [] }
        switch key {
        case .enter:
            state.filtering = false
            return apply(&state)
        case .escape:
            state.filtering = false
            state.filterText = TextFieldState()
            return apply(&state)
        default:
            guard let next = state.filterText.applying(key) else { return [] }
            state.filterText = next
            return apply(&state)  // the list follows each keystroke
        }
    }

    private static func apply(_ state: inout OrdersState) -> [ConsoleEffect] {
        let query = OrderQuery.parse(state.filterText.value)
        guard query != state.query else { return [] }
        state.query = query
        state.selected = 0
        state.scrollOffset = 0
        state.rows = []
        state.loaded = false
        return OrdersReducer.reload(&state)
    }

    private static func typedInDialog(_ key: Key, _ dialog: OrderDialog, _ state: inout OrdersState) -> [ConsoleEffect] {
        guard let id = state.detail?.summary.order.id else { state.dialog = nil; return [] }
        switch dialog {
        case .confirm(let action, var focus):
            guard let outcome = focus.handle(key) else { state.dialog = .confirm(action, focus); return [] }
            state.dialog = nil
            return outcome == .confirmed ? [.orders(.act(action, orderId: id, code: nil))] : []
        case .code(let action, let field):
            switch key {
            case .escape: state.dialog = nil; return []
            case .enter:
                guard field.value.count == 6 else { return [] }
                state.dialog = nil
                return [.orders(.act(action, orderId: id, code: field.value))]
            case .char(let c) where !(c.isASCII && c.isNumber) || field.value.count >= 6: return []
            default:
                if let next = field.applying(key) { state.dialog = .code(action, next) }
                return []
            }
        }
    }

    private static func typedInReveal(_ key: Key, _ step: RevealStep, _ state: inout OrdersState) -> [ConsoleEffect] {
        if key == .escape { state.revealStep = nil; return [] }
        switch step {
        case .reason(let field):
            if key == .enter {
                let reason = field.value.trimmingCharacters(in: .whitespaces)
                guard reason.count >= 4 else { return [] }  // the store asks for a real reason too
                state.revealStep = .code(reason: reason, TextFieldState())
                return []
            }
            if let next = field.applying(key) { state.revealStep = .reason(next) }
            return []
        case .code(let reason, let field):
            if key == .enter {
                guard field.value.count == 6, let detail = state.detail, let id = detail.summary.order.id else { return [] }
                state.revealStep = nil
                state.detail?.revealToken += 1
                return [.orders(.reveal(orderId: id, reason: reason, code: field.value, token: detail.revealToken + 1))]
            }
            if case .char(let c) = key, !(c.isASCII && c.isNumber) || field.value.count >= 6 { return [] }
            if let next = field.applying(key) { state.revealStep = .code(reason: reason, next) }
            return []
        }
    }

    static func answer(_ answer: OrdersAnswer, _ state: inout OrdersState, visibleRows: Int) -> [ConsoleEffect] {
        switch answer {
        case let .loaded(request, rows):
            return OrdersReducer.loaded(request, rows, into: &state, visibleRows: visibleRows)
        case let .loadFailed(request, message):
            OrdersReducer.failed(request, message, in: &state)
            return []
        case .detailLoaded(let detail):
            guard state.detailLoading else { return [] }
            state.detailLoading = false
            // A reload after an action keeps its report; opening another order starts clean.
            if state.detail?.summary.order.id != detail.summary.order.id { state.notice = nil }
            state.detail = detail
            return []
        case .detailFailed(let message):
            state.detailLoading = false
            state.notice = message
            return []
        case let .revealed(orderId, keys, token):
            guard state.detail?.summary.order.id == orderId, state.detail?.revealToken == token else { return [] }
            state.detail?.revealed = keys
            state.notice = nil
            return [.orders(.hideRevealAfter(seconds: revealSeconds, token: token))]
        case .revealFailed(let message):
            state.notice = message
            return []
        case .hideReveal(let token):
            guard state.detail?.revealToken == token else { return [] }
            state.detail?.revealed = nil
            return []
        case let .acted(_, orderId, outcome):
            state.notice = outcome
            guard let detail = state.detail, detail.summary.order.id == orderId else { return OrdersReducer.reload(&state) }
            state.detailLoading = true
            return [.orders(.loadDetail(detail.summary))] + OrdersReducer.reload(&state)
        case let .actionNeedsCode(action, _):
            state.dialog = .code(action, TextFieldState())
            return []
        case .actionFailed(let message):
            state.notice = message
            return []
        }
    }
}
