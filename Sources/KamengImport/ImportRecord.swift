import Foundation

/// One outcome per record of the supplier file, in file order.
///
/// Every physical line (or spreadsheet row) that is not part of an accepted key is reported as
/// `.rejected` or `.skipped` with its number, so the store can account for all of them
/// (import-formats.md: "Every line the importer did not accept is accounted for by number and reason").
public enum ImportRecord: Sendable, Equatable {
    /// A card key that passed every rule. Duplicates within the file are *not* removed here:
    /// the store dedups on `secret`'s UTF-8 bytes and reports both line numbers.
    case accepted(AcceptedKey)
    /// A record that cannot be imported, with a reason that has a stable machine code.
    case rejected(line: Int, reason: RejectReason)
    /// A record that is not a card key and is not an error (blank, `#` comment, header row).
    case skipped(line: Int, kind: SkipKind)

    /// The 1-based line (text, CSV: the record's first line) or row (xlsx) this outcome is for.
    public var line: Int {
        switch self {
        case .accepted(let key): return key.line
        case .rejected(let line, _), .skipped(let line, _): return line
        }
    }
}

/// A normalised card key, ready for the store to digest, encrypt and insert.
public struct AcceptedKey: Sendable, Equatable {
    /// 1-based line number (text/CSV: first line of the record) or spreadsheet row number.
    public var line: Int
    /// Card number (卡号/账号), trimmed; nil when the file gives only secrets or the field is empty.
    public var number: String?
    /// The secret (卡密/密码), trimmed at both ends and otherwise exactly as the supplier wrote it.
    ///
    /// Always in Unicode NFC (a secret that is not is rejected, never rewritten), so comparing
    /// `secret.utf8` bytes and comparing Strings with `==` agree. The store must still hash and
    /// dedup on `secretBytes`, as SQLite compares bytes.
    public var secret: String
    /// Expiry when a field parsed as a date (see `ExpiryParser` for the time zone rule).
    public var expiry: Date?
    /// Extra fields (face value, unparsed dates, unlabelled text), joined with "; ", or nil.
    public var note: String?

    /// Creates a key; the parser is the only producer, tests use it to build expectations.
    public init(line: Int, number: String?, secret: String, expiry: Date?, note: String?) {
        self.line = line
        self.number = number
        self.secret = secret
        self.expiry = expiry
        self.note = note
    }

    /// The normalised UTF-8 bytes of the secret: what the store digests and dedups on.
    public var secretBytes: [UInt8] { Array(secret.utf8) }
}

/// Why a record was skipped rather than imported or rejected.
public enum SkipKind: String, Sendable, Equatable, CaseIterable {
    /// Empty or whitespace-only line.
    case blank
    /// A line whose first non-blank character is `#`.
    case comment
    /// The header row of a CSV, xlsx or text file (its cells are all column labels).
    case header
}
