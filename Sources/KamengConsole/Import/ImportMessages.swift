import KamengImport
import KamengStorage

/// What comes back from the import pane's effects.
public enum ImportAnswer: Sendable, Equatable {
    case batchesLoaded([BatchSummary])
    /// Every product's stock, for the product line.
    case levelsLoaded([StockLevel])
    case batchesFailed(String)
    case previewed(ImportResult)
    case progressed(ImportFigures)
    case imported(ImportResult)
    case failed(path: String, message: String)
    /// The same content was imported before: the pane asks before importing it again.
    case alreadyImported(path: String, sku: String, batches: [Int64])
    /// The file's shape leaves a doubt about which field is the secret: the pane asks for the columns.
    case needsColumns(path: String, sku: String, question: ShapeQuestion)
    /// The bytes read both as GB18030 and as Big5: the pane asks for the encoding.
    case needsEncoding(path: String, sku: String)
    case cancelled(path: String)
    /// Tab completion of `original`: the longest unambiguous completion and, when several match, them all.
    case completed(original: String, completion: String, candidates: [String])
    case voided(batch: Int64, keys: Int)
    case voidFailed(batch: Int64, message: String)
}

/// Work the import pane asks for, run off the input loop.
public enum ImportEffect: Sendable, Equatable {
    /// The recent batches, and every product's stock for the product line.
    case loadBatches
    /// A dry run: parse, validate and dedup against the store, then roll back.
    case preview(path: String, sku: String, choices: ImportChoices = ImportChoices())
    case run(path: String, sku: String, force: Bool, choices: ImportChoices = ImportChoices())
    /// Asks the running import to stop; it rolls back and answers `.cancelled`.
    case cancel
    case complete(path: String)
    /// Voids a batch with the step-up `code` the person typed.
    case void(batch: Int64, code: String)
}

/// A finished action's one-line report in the import pane.
public enum ImportNotice: Sendable, Equatable {
    case voided(batch: Int64, keys: Int)
    case voidFailed(batch: Int64, message: String)
}
