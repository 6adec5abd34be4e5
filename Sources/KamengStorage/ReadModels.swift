import Foundation
import KamengDomain
import KamengImport

/// An order as lists show it: the order plus the names a person reads instead of ids.
public struct OrderSummary: Hashable, Sendable {
    public var order: Order
    public var productSKU: String
    public var productName: String
    public var substationCode: String

    package init(order: Order, productSKU: String, productName: String, substationCode: String) {
        self.order = order
        self.productSKU = productSKU
        self.productName = productName
        self.substationCode = substationCode
    }
}

/// A product with its stock counts, as `kameng stock` and the low-stock pane show it.
public struct StockLevel: Hashable, Sendable, Codable {
    public var product: Product
    public var available: Int
    public var sold: Int
    public var void: Int
    /// Available keys that expire within 7 days; nil when the caller did not ask for them to be counted
    /// (`stockLevels(countingExpiry: false)`: the other figures are kept counts, this one is counted).
    public var expiringWithin7Days: Int?
    public var isBelowThreshold: Bool { available < product.lowStockThreshold }

    package init(product: Product, available: Int, sold: Int, void: Int, expiringWithin7Days: Int?) {
        self.product = product
        self.available = available
        self.sold = sold
        self.void = void
        self.expiringWithin7Days = expiringWithin7Days
    }
}

/// What one import did, line by line accounted for. Encodes to the documented `--json` object.
public struct ImportOutcome: Hashable, Sendable, Codable {
    public var batch: Int64?
    public var accepted: Int
    public var duplicateInFile: Int
    public var duplicateInStore: Int
    public var skipped: Int
    public var rejected: [LineProblem]
    public var duplicates: [DuplicateLine]
    public var dryRun: Bool
    /// How the file was read (container, encoding, separator, header, columns); nil for keys fed
    /// without a file.
    public var shape: ImportShape?
    /// The first parsed records, secrets masked: what will be stored, shown before it is.
    public var sample: [ImportSample] = []

    public init(batch: Int64? = nil, accepted: Int = 0, duplicateInFile: Int = 0, duplicateInStore: Int = 0, skipped: Int = 0,
                rejected: [LineProblem] = [], duplicates: [DuplicateLine] = [], dryRun: Bool = false) {
        self.batch = batch
        self.accepted = accepted
        self.duplicateInFile = duplicateInFile
        self.duplicateInStore = duplicateInStore
        self.skipped = skipped
        self.rejected = rejected
        self.duplicates = duplicates
        self.dryRun = dryRun
    }
}

/// A line the importer did not accept, by number and reason.
public struct LineProblem: Hashable, Sendable, Codable {
    public var line: Int
    public var reason: String
    public init(line: Int, reason: String) { self.line = line; self.reason = reason }
}

/// A duplicate: `line` repeats `firstLine` of this file, or a key already in the store (firstLine nil).
public struct DuplicateLine: Hashable, Sendable, Codable {
    public var line: Int
    public var firstLine: Int?
    public var inStore: Bool

    package init(line: Int, firstLine: Int? = nil, inStore: Bool) {
        self.line = line
        self.firstLine = firstLine
        self.inStore = inStore
    }
}

/// What the console's import pane and `kameng import` ask for: one supplier file into one product.
public struct FileImportRequest: Sendable {
    public var file: URL
    public var productSKU: String
    public var dryRun: Bool
    /// Import even though a file with the same content was imported before.
    public var force: Bool
    public var options: ImportOptions

    public init(file: URL, productSKU: String, dryRun: Bool = false, force: Bool = false, options: ImportOptions = ImportOptions()) {
        self.file = file
        self.productSKU = productSKU
        self.dryRun = dryRun
        self.force = force
        self.options = options
    }
}

/// A batch of substations opened from a file, and where their API secrets were written.
public struct SubstationBatchResult: Sendable, Equatable {
    public var opened: [Substation]
    /// The secrets file beside the input (mode 0600).
    public var secretsPath: String
    /// Set when the substations were opened but writing their secrets failed afterwards: they are not
    /// lost (`kameng substation secret CODE` shows each, audited), and the message says so.
    public var secretsProblem: String?

    public init(opened: [Substation], secretsPath: String, secretsProblem: String? = nil) {
        self.opened = opened
        self.secretsPath = secretsPath
        self.secretsProblem = secretsProblem
    }
}

/// One blacklist entry: the risk engine's blacklist rules fire on orders from it.
public struct BlacklistEntry: Hashable, Sendable {
    public var kind: BlacklistKind
    public var value: String
    public var reason: String
    public var addedBy: String
    public var addedAt: Date

    package init(kind: BlacklistKind, value: String, reason: String, addedBy: String, addedAt: Date) {
        self.kind = kind
        self.value = value
        self.reason = reason
        self.addedBy = addedBy
        self.addedAt = addedAt
    }
}

/// How many orders are held, with a checksum of which ones and their scores: two equal tallies mean the
/// risk queue holds the same orders in the same order (a held order's score and creation time do not
/// change while it is held), so a reload can skip reading them again.
public struct HeldQueueTally: Hashable, Sendable {
    public var count: Int
    public var checksum: Int64

    package init(count: Int, checksum: Int64) {
        self.count = count
        self.checksum = checksum
    }
}
