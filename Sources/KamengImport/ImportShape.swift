import Foundation

/// How a file was read, for the preview: what Kameng will store, said before anything is stored.
public struct ImportShape: Hashable, Sendable, Codable {
    /// `text`, `csv` or `xlsx`.
    public var container: String
    /// The encoding used (nil for .xlsx, whose XML carries its own).
    public var encoding: String?
    /// The separator of the first content line (`----`, `tab`, `║`, `，`, `spaces`…), `labels` for
    /// labelled lines, or the operator's `--separator`; nil for a spreadsheet or a one-field line.
    public var separator: String?
    /// The header row's cells, when one was found.
    public var header: [String]?
    /// What each field of the first content line (or each header column) became.
    public var columns: [String]

    public init(container: String, encoding: String?, separator: String?, header: [String]?, columns: [String]) {
        self.container = container
        self.encoding = encoding
        self.separator = separator
        self.header = header
        self.columns = columns
    }
}

/// One of the first parsed records, its secret masked in the middle (`SecretMask`).
public struct ImportSample: Hashable, Sendable, Codable {
    public var line: Int
    public var number: String?
    public var secret: String
    public var expiry: Date?
    public var note: String?

    public init(line: Int, number: String?, secret: String, expiry: Date?, note: String?) {
        self.line = line
        self.number = number
        self.secret = secret
        self.expiry = expiry
        self.note = note
    }

    /// The first records a preview shows.
    public static let limit = 3

    init(_ key: AcceptedKey) {
        self.init(line: key.line, number: key.number, secret: SecretMask.mask(key.secret), expiry: key.expiry, note: key.note)
    }
}

extension ImportSummary {
    /// The shape as the preview shows it.
    public var shape: ImportShape {
        ImportShape(container: container.rawValue, encoding: encoding?.rawValue, separator: separator, header: header,
                    columns: (columns ?? []).map(\.rawValue))
    }
}

extension FieldSplitter.Separator {
    /// The name the preview shows.
    var displayName: String? {
        switch self {
        case .none: return nil
        case .dashes: return "----"
        case .underscores: return "____"
        case .tab: return "tab"
        case .boxBar: return "║"
        case .pipe: return "|"
        case .comma: return ","
        case .fullWidthComma: return "，"
        case .spaces: return "spaces"
        case .given: return nil
        }
    }
}
