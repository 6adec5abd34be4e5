import Foundation
import KamengDomain
import TerminalUI

/// The substation health pane (分站状态): one row per substation, worst first, with the reasons in words;
/// a detail view with the signal history; suspend / resume behind a confirm.
public struct SubstationsState: Sendable, Equatable {
    public var rows: [SubstationHealthRow]?
    public var loading = false
    public var error: String?
    public var selected = 0
    public var scrollOffset = 0
    /// The selected substation's detail is open (Enter; Esc closes it).
    public var showingDetail = false
    public var dialog: SubstationDialog?
    public var notice: SubstationNotice?

    public init() {}

    public var selectedRow: SubstationHealthRow? {
        guard let rows, rows.indices.contains(selected) else { return nil }
        return rows[selected]
    }
}

/// One substation as the pane shows it: the substation, its health report, and its recent heartbeats.
public struct SubstationHealthRow: Sendable, Equatable {
    public var substation: Substation
    public var report: HealthReport
    /// Heartbeats of the last day, oldest first, for the detail's sparklines.
    public var history: [SubstationSignal]

    public init(substation: Substation, report: HealthReport, history: [SubstationSignal]) {
        self.substation = substation
        self.report = report
        self.history = history
    }

    /// Worst first, then by code, so what on-call must act on is at the top.
    public static func ranked(_ rows: [SubstationHealthRow]) -> [SubstationHealthRow] {
        rows.sorted { a, b in
            a.report.level != b.report.level ? a.report.level > b.report.level : a.substation.code < b.substation.code
        }
    }
}

/// A confirm box the pane has open: suspend or resume, naming the substation.
public enum SubstationDialog: Sendable, Equatable {
    case setStatus(code: String, name: String, to: SubstationStatus, ConfirmDialogState)
}

/// The last action's one-line report.
public enum SubstationNotice: Sendable, Equatable {
    case changed(code: String, to: SubstationStatus)
    case failed(code: String, message: String)
}

/// Answers from the pane's effects.
public enum SubstationsAnswer: Sendable, Equatable {
    case loaded([SubstationHealthRow])
    case failed(String)
    case statusChanged(code: String, to: SubstationStatus)
    case statusFailed(code: String, message: String)
}

/// Work the pane asks for.
public enum SubstationsEffect: Sendable, Equatable {
    case load
    case setStatus(code: String, to: SubstationStatus)
}
