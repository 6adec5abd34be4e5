import Foundation
import KamengDomain
import KamengImport
import KamengStorage
import TerminalUI

/// The import pane (库存导入): a file path being typed, the product it goes into, what a dry run made of
/// the file, a running import's progress, and the recent batches.
public struct ImportState: Sendable, Equatable {
    public var path = TextFieldState()
    /// Keys go to the path field while true.
    public var editing = false
    /// The candidates of the last Tab completion that matched more than one entry.
    public var completions: [String] = []
    /// Every product's stock, which the product line shows and `p` steps through; nil until loaded.
    public var levels: [StockLevel]?
    /// Index into `levels`.
    public var productIndex = 0
    public var phase: ImportPhase = .idle
    public var dialog: ImportDialog?
    public var batches: [BatchSummary]?
    public var batchesError: String?
    /// A reload of the batch list is in flight: another commit meanwhile does not queue a second one...
    public var batchesLoading = false
    /// ...but marks the list behind, and one more reload follows the answer.
    public var batchesStale = false
    public var selected = 0
    public var scrollOffset = 0
    /// One line about the last finished action (a voided batch…), shown until the next one.
    public var notice: ImportNotice?
    /// What the operator chose for the file being previewed (`o`, or when Kameng asked); empty: the file's own shape.
    public var choices = ImportChoices()

    public init() {}

    /// The products a file can go into, in SKU order.
    var products: [Product] { (levels ?? []).map(\.product) }

    /// A dry run's result is on screen (the panel is taller for it).
    var showsPreview: Bool { if case .previewed = phase { true } else { false } }

    /// True while keys should reach the field or the dialog as typed, not as commands.
    public var capturesKeys: Bool { editing || dialog != nil }

    public var isRunning: Bool {
        switch phase {
        case .previewing, .importing: true
        default: false
        }
    }
}

/// Where the import pane's work stands.
public enum ImportPhase: Sendable, Equatable {
    case idle
    /// A dry run of `path` is parsing the file.
    case previewing(path: String, sku: String)
    /// The dry run's result: what a real import would do. Nothing was written.
    case previewed(ImportResult)
    case importing(ImportRun)
    case finished(ImportResult)
    case cancelled(path: String)
    case failed(String)
}

/// A dry run's or an import's outcome, with what it was run on.
public struct ImportResult: Sendable, Equatable {
    public var path: String
    public var sku: String
    public var outcome: ImportOutcome
    /// What the operator chose for the file (columns, separator, encoding); the import that follows uses the same.
    public var choices: ImportChoices

    public init(path: String, sku: String, outcome: ImportOutcome, choices: ImportChoices = ImportChoices()) {
        self.path = path
        self.sku = sku
        self.outcome = outcome
        self.choices = choices
    }
}

/// A running import: how far it got, for the progress bar, rate and ETA.
public struct ImportRun: Sendable, Equatable {
    public var path: String
    public var sku: String
    public var figures = ImportFigures()
    public var cancelRequested = false

    public init(path: String, sku: String) {
        self.path = path
        self.sku = sku
    }
}

/// A progress report from a running import, with the time since it started (measured by the effect,
/// so the reducer stays free of clocks).
public struct ImportFigures: Sendable, Equatable {
    public var bytesRead: Int64 = 0
    public var totalBytes: Int64 = 0
    public var records = 0
    public var elapsedSeconds: Double = 0

    public init(bytesRead: Int64 = 0, totalBytes: Int64 = 0, records: Int = 0, elapsedSeconds: Double = 0) {
        self.bytesRead = bytesRead
        self.totalBytes = totalBytes
        self.records = records
        self.elapsedSeconds = elapsedSeconds
    }

    public var fraction: Double { totalBytes > 0 ? Double(bytesRead) / Double(totalBytes) : 0 }
    public var recordsPerSecond: Double { elapsedSeconds > 0 ? Double(records) / elapsedSeconds : 0 }
    /// Seconds left at the rate so far; nil until there is a rate to go by.
    public var secondsLeft: Double? {
        guard elapsedSeconds > 0.2, bytesRead > 0, totalBytes > bytesRead else { return nil }
        return elapsedSeconds * Double(totalBytes - bytesRead) / Double(bytesRead)
    }
}

/// A confirm box the import pane has open. Each names its target, and starts on Cancel.
public enum ImportDialog: Sendable, Equatable {
    case confirmImport(ImportResult, ConfirmDialogState)
    /// The same file content was imported before as `batches`: import again only if asked twice.
    case confirmReimport(path: String, sku: String, batches: [Int64], ConfirmDialogState)
    case confirmVoid(BatchSummary, ConfirmDialogState)
    /// Voiding is a step-up action: a fresh code from the person's authenticator, typed here.
    case stepUpVoid(BatchSummary, TextFieldState)
    /// The options for the file, as on the command line: opened with `o`, or by Kameng when it cannot be
    /// sure which field is the secret or which encoding the file is in (then with its question).
    case options(OptionsBox)
}

/// The options box of the import pane: for which file and product, why Kameng asks (if it does), what
/// is typed, and why the last Enter was not accepted.
public struct OptionsBox: Sendable, Equatable {
    public enum Reason: Sendable, Equatable {
        /// Opened by the operator (`o`).
        case asked
        case columns(ShapeQuestion)
        case encoding
    }

    public var path: String
    public var sku: String
    public var reason: Reason
    public var field: TextFieldState
    public var problem: String?

    public init(path: String, sku: String, reason: Reason, typed: String) {
        self.path = path
        self.sku = sku
        self.reason = reason
        field = TextFieldState(typed)
    }
}
