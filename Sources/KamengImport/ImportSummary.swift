/// Totals for one parsed file, returned after the last record has been delivered.
///
/// The counts are of records *delivered*: `accepted` still includes repeats within the file,
/// which the store turns into `duplicateInFile`.
public struct ImportSummary: Sendable, Equatable {
    /// What the file was detected to be.
    public var container: ContainerKind
    /// The text encoding used (nil for .xlsx, whose XML carries its own).
    public var encoding: TextEncoding?
    /// Records delivered as `.accepted`.
    public var accepted = 0
    /// Records delivered as `.rejected`.
    public var rejected = 0
    /// Blank lines skipped.
    public var skippedBlank = 0
    /// `#` comment lines skipped.
    public var skippedComment = 0
    /// Header rows (0 or 1); not part of `skipped`.
    public var skippedHeader = 0
    /// Physical lines seen (text, CSV) or the last row number seen (xlsx).
    public var lines = 0
    /// Raw bytes of the file read (and passed to `onChunk`).
    public var bytesRead: Int64 = 0
    /// The header row's cells, when one was detected.
    public var header: [String]?
    /// The separator of the first content line, as the preview names it (see `ImportShape`).
    public var separator: String?
    /// What each field of the first content line became (see `ImportShape`).
    public var columns: [ColumnRole]?
    /// The first accepted records, secrets masked.
    public var sample: [ImportSample] = []

    /// The contract's "skipped": blank lines and comments. A header row is not counted here —
    /// it is the file's structure, not a skipped line (the samples' README: the CSV with a
    /// header has 0 skipped) — and is reported as `.skipped(kind: .header)` and `skippedHeader`.
    public var skipped: Int { skippedBlank + skippedComment }

    /// Creates an empty summary for a container.
    public init(container: ContainerKind, encoding: TextEncoding?) {
        self.container = container
        self.encoding = encoding
    }

    mutating func count(_ record: ImportRecord) {
        switch record {
        case .accepted(let key):
            accepted += 1
            if sample.count < ImportSample.limit { sample.append(ImportSample(key)) }
        case .rejected: rejected += 1
        case .skipped(_, let kind):
            switch kind {
            case .blank: skippedBlank += 1
            case .comment: skippedComment += 1
            case .header: skippedHeader += 1
            }
        }
    }
}
