import Foundation
import KamengDomain
import KamengStorage
import TerminalUI

/// The risk queue (风控队列): held orders by score then age, the rules that fired, related orders from the
/// same IP / buyer / device, and the decisions: approve (delivers), reject (refund or cancel), escalate, note.
public struct RiskState: Sendable, Equatable {
    public var rows: [OrderSummary]?
    /// How many orders are held in all, as last counted; more than `rows` when the queue is longer
    /// than the list loads.
    public var total: Int?
    /// When the rows were read: "waiting" is measured to it, so render needs no clock.
    public var loadedAt: Date?
    public var loading = false
    /// Another connection committed while the queue was loading: it loads once more when that answers.
    public var stale = false
    public var error: String?
    public var selected = 0
    public var scrollOffset = 0
    /// Orders marked with Space for a bulk decision.
    public var marked: Set<Int64> = []
    /// Orders sharing the selected one's IP, buyer or device.
    public var related: RelatedOrders?
    public var dialog: RiskDialog?
    public var notice: RiskNotice?

    public init() {}

    public var selectedOrder: OrderSummary? {
        guard let rows, rows.indices.contains(selected) else { return nil }
        return rows[selected]
    }

    /// What a decision applies to: the marked orders, or else the selected one.
    public var targets: [OrderSummary] {
        let rows = self.rows ?? []
        if !marked.isEmpty { return rows.filter { $0.order.id.map(marked.contains) ?? false } }
        return selectedOrder.map { [$0] } ?? []
    }

    public var capturesKeys: Bool { dialog != nil }
}

/// The queue's open box: a confirm naming the orders, a reject with what to blacklist, a note being
/// typed, or a step-up code for a refund (carrying the blacklist choice to the retry).
public enum RiskDialog: Sendable, Equatable {
    case confirm(RiskDecision, orderIds: [Int64], orderNos: [String], ConfirmDialogState)
    case reject(RejectBox)
    case text(RiskDecision, orderIds: [Int64], TextFieldState)
    case code(orderIds: [Int64], blacklist: Set<BlacklistKind>, TextFieldState)

    /// A box with options to tick, whose keys the hint bar lists beside the dialog's.
    var hasOptions: Bool { if case .reject = self { true } else { false } }
}

/// Rejecting held orders: which, and whether to blacklist their IP, buyer and/or device with it (none
/// ticked at first). Up/Down move between the options, Space ticks; the buttons work as in any confirm.
public struct RejectBox: Sendable, Equatable {
    public var orderIds: [Int64]
    public var orderNos: [String]
    /// The orders' distinct non-empty values of each kind, for the options' words; a kind with none cannot be ticked.
    public var values: [BlacklistKind: [String]]
    public var blacklist: Set<BlacklistKind> = []
    /// The option Space toggles.
    public var option: BlacklistKind = .ip
    public var focus = ConfirmDialogState()

    public init(_ orders: [Order]) {
        orderIds = orders.compactMap(\.id)
        orderNos = orders.map(\.orderNo)
        var values: [BlacklistKind: [String]] = [:]
        for kind in BlacklistKind.allCases {
            var seen: [String] = []
            for order in orders {
                let value = switch kind { case .ip: order.ip; case .buyer: order.buyer; case .device: order.device }
                if !value.isEmpty, !seen.contains(value) { seen.append(value) }
            }
            values[kind] = seen
        }
        self.values = values
    }

    /// Applies Up / Down / Space; false for any other key (the buttons' keys).
    mutating func handleOption(_ key: Key) -> Bool {
        let all = BlacklistKind.allCases, index = all.firstIndex(of: option)!
        switch key {
        case .down: option = all[(index + 1) % all.count]
        case .up: option = all[(index + all.count - 1) % all.count]
        case .char(" "):
            guard !(values[option] ?? []).isEmpty else { return true }
            if blacklist.contains(option) { blacklist.remove(option) } else { blacklist.insert(option) }
        default: return false
        }
        return true
    }
}

/// The last decision's one-line report.
public enum RiskNotice: Sendable, Equatable {
    case done(RiskDecision, count: Int, blacklisted: Set<BlacklistKind> = [])
    case failed(String)
}

/// Answers from the queue's effects.
public enum RiskAnswer: Sendable, Equatable {
    /// The held orders as of `at` (the time waiting is measured to).
    case loaded([OrderSummary], at: Date)
    /// How many orders are held in all (the list holds the first `RiskFeature.queueLength`).
    case counted(Int)
    /// The reload found the same orders held as the list shows: only the time waiting is measured to moves.
    case unchanged(at: Date)
    case failed(String)
    case relatedLoaded(RelatedOrders)
    /// `orderIds` were asked about; `count` were decided (orders already decided elsewhere are skipped).
    case decided(RiskDecision, orderIds: [Int64], count: Int, blacklisted: Set<BlacklistKind> = [])
    /// A refund among the rejected orders needs the person's authenticator code.
    case needsCode(orderIds: [Int64], blacklist: Set<BlacklistKind> = [])
    case decisionFailed(String)
}

/// Work the queue asks for.
public enum RiskEffect: Sendable, Equatable {
    case load
    case loadRelated(OrderSummary)
    /// `blacklist`: for a reject, the kinds of the orders' values to blacklist with it.
    case decide(RiskDecision, orderIds: [Int64], note: String, code: String?, blacklist: Set<BlacklistKind> = [])
}
