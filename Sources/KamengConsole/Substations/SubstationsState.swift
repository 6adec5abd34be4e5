import Foundation
import KamengDomain
import KamengStorage
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
    /// Polls of data_version since the list was last loaded: health changes with time alone (a heartbeat
    /// that stops arriving), so the pane reloads every `healthPolls` polls even when nothing committed.
    public var pollsSinceLoad = 0
    /// Another connection committed while the list was loading: it loads once more when that answers.
    public var stale = false
    public static let healthPolls = 15
    /// API figures per substation code over the last `trafficWindow` (requests, rejects) and the outbox
    /// backlog; nil until loaded, or when the store could not give them.
    public var traffic: [String: APITrafficTally]?
    public static let trafficWindow: TimeInterval = 300

    public init() {}

    public var selectedRow: SubstationHealthRow? {
        guard let rows, rows.indices.contains(selected) else { return nil }
        return rows[selected]
    }
}

/// The box the pane has open: suspend / resume, or one of the steps of opening substations.
public enum SubstationDialog: Sendable, Equatable {
    case setStatus(code: String, name: String, to: SubstationStatus, ConfirmDialogState)
    /// The form for one substation, prefilled from the selected one (`o`).
    case form(SubstationForm)
    /// The form checked out: open it? (Cancel goes back to the form.)
    case confirmOpen(SubstationDraft, SubstationForm, ConfirmDialogState)
    /// Opened: its API secret, shown this once.
    case secret(SubstationDraft, secret: String)
    /// The path of a batch file being typed (`O`).
    case sheetPath(SheetPrompt)
    /// What the file holds, and the confirm (only when every line is good).
    case sheetPreview(SheetPreview)
    case batchDone(SubstationBatchResult)

    /// True for the boxes with a text field, whose keys are the editing ones rather than a dialog's.
    var isPathPrompt: Bool { if case .sheetPath = self { true } else { false } }
    var isForm: Bool { if case .form = self { true } else { false } }
}

/// The last action's one-line report.
public enum SubstationNotice: Sendable, Equatable {
    case changed(code: String, to: SubstationStatus)
    case failed(code: String, message: String)
    case opened(codes: [String])
}

/// Answers from the pane's effects.
public enum SubstationsAnswer: Sendable, Equatable {
    case loaded([SubstationHealthRow])
    case failed(String)
    /// The API figures that go with the list (nil: not available).
    case trafficLoaded([String: APITrafficTally]?)
    case statusChanged(code: String, to: SubstationStatus)
    case statusFailed(code: String, message: String)
    case opened(SubstationDraft, secret: String)
    case openFailed(String)
    /// Tab completion of a batch file's path.
    case completed(original: String, completion: String, candidates: [String])
    case sheetRead(path: String, SubstationSheet)
    case sheetFailed(path: String, message: String)
    case batchOpened(SubstationBatchResult)
    case batchFailed(String)
}

/// Work the pane asks for.
public enum SubstationsEffect: Sendable, Equatable {
    case load
    case setStatus(code: String, to: SubstationStatus)
    case open(SubstationDraft)
    case complete(path: String)
    /// Reads and checks a batch file (nothing is opened).
    case readSheet(path: String)
    /// Opens a checked batch, all or nothing, writing the secrets beside `path`.
    case openBatch(path: String, [SubstationDraft])
}
