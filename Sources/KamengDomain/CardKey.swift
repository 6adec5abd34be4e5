import Foundation

/// A card key (卡密) as the rest of the program sees it: never the secret itself, only its mask.
/// The secret stays sealed in the store and comes out only through the audited reveal.
public struct CardKey: Hashable, Sendable {
    public var id: Int64
    public var productId: Int64
    public var batchId: Int64
    public var status: CardKeyStatus
    /// The last four characters of the card number, when the key has one; numbers are sealed with the secret.
    public var numberHint: String?
    public var expiresAt: Date?
    public var orderId: Int64?

    public init(id: Int64, productId: Int64, batchId: Int64, status: CardKeyStatus, numberHint: String?,
                expiresAt: Date?, orderId: Int64?) {
        self.id = id
        self.productId = productId
        self.batchId = batchId
        self.status = status
        self.numberHint = numberHint
        self.expiresAt = expiresAt
        self.orderId = orderId
    }

    /// A fixed-width mask: it shows neither the secret nor its length.
    public static let secretMask = "••••••••••••"
}

/// Whether a key can still be sold.
public enum CardKeyStatus: String, CaseIterable, Hashable, Sendable, Codable {
    case available, reserved, sold, void
}

/// A card key as it arrives in an import, before it is sealed. Only the import path holds one.
public struct CardKeyPlaintext: Sendable {
    public var number: String?
    public var secret: String
    public var expiresAt: Date?
    public var note: String?
    /// The line of the supplier file it came from, kept so every key can be traced to its source.
    public var sourceLine: Int

    public init(number: String?, secret: String, expiresAt: Date? = nil, note: String? = nil, sourceLine: Int) {
        self.number = number
        self.secret = secret
        self.expiresAt = expiresAt
        self.note = note
        self.sourceLine = sourceLine
    }
}

/// One import (批次) of one file for one product.
public struct ImportBatch: Hashable, Sendable, Codable {
    public var id: Int64
    public var productId: Int64
    public var fileName: String
    public var contentDigest: String
    public var importedBy: String
    public var importedAt: Date
    public var accepted: Int
    public var duplicateInFile: Int
    public var duplicateInStore: Int
    public var skipped: Int
    public var rejected: Int
    public var status: BatchStatus
    public var voidedAt: Date?

    public init(id: Int64, productId: Int64, fileName: String, contentDigest: String, importedBy: String,
                importedAt: Date, accepted: Int, duplicateInFile: Int, duplicateInStore: Int, skipped: Int,
                rejected: Int, status: BatchStatus, voidedAt: Date?) {
        self.id = id
        self.productId = productId
        self.fileName = fileName
        self.contentDigest = contentDigest
        self.importedBy = importedBy
        self.importedAt = importedAt
        self.accepted = accepted
        self.duplicateInFile = duplicateInFile
        self.duplicateInStore = duplicateInStore
        self.skipped = skipped
        self.rejected = rejected
        self.status = status
        self.voidedAt = voidedAt
    }
}

/// Whether a batch's unsold keys are still on sale.
public enum BatchStatus: String, CaseIterable, Hashable, Sendable, Codable {
    case active, voided
}
