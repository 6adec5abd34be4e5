import Foundation
import KamengDomain

/// The position of a row in the newest-first list: (created at, id), the key the store pages by
/// (never OFFSET, which slows down with depth).
public struct OrderPageKey: Hashable, Sendable {
    public var createdAt: Date
    public var id: Int64

    public init(createdAt: Date, id: Int64) {
        self.createdAt = createdAt
        self.id = id
    }

    /// The key of a listed order; nil for an order not yet stored (no id), which a list never holds.
    public init?(_ summary: OrderSummary) {
        guard let id = summary.order.id else { return nil }
        self.init(createdAt: summary.order.createdAt, id: id)
    }
}

/// One import batch as the pane lists it.
public struct BatchSummary: Sendable, Equatable, Hashable {
    public var id: Int64
    public var sku: String
    public var fileName: String
    public var importedAt: Date
    public var importedBy: String
    public var accepted: Int
    public var duplicates: Int
    public var rejected: Int
    public var available: Int
    public var voided: Bool
    /// The counts `duplicates` adds up, lines skipped (blank, comments), and the file's content digest.
    public var duplicateInFile: Int
    public var duplicateInStore: Int
    public var skipped: Int
    public var contentDigest: String

    public init(id: Int64, sku: String, fileName: String, importedAt: Date, importedBy: String, accepted: Int,
                duplicates: Int, rejected: Int, available: Int, voided: Bool,
                duplicateInFile: Int = 0, duplicateInStore: Int = 0, skipped: Int = 0, contentDigest: String = "") {
        self.duplicateInFile = duplicateInFile
        self.duplicateInStore = duplicateInStore
        self.skipped = skipped
        self.contentDigest = contentDigest
        self.id = id
        self.sku = sku
        self.fileName = fileName
        self.importedAt = importedAt
        self.importedBy = importedBy
        self.accepted = accepted
        self.duplicates = duplicates
        self.rejected = rejected
        self.available = available
        self.voided = voided
    }
}

/// A decision the queue is asking about.
public enum RiskDecision: String, Sendable, Equatable {
    case approve, reject, escalate, note
}

/// Orders related to one held order, for judging it in context.
public struct RelatedOrders: Sendable, Equatable {
    public var orderId: Int64
    public var sameIP: [OrderSummary]
    public var sameBuyer: [OrderSummary]
    public var sameDevice: [OrderSummary]

    public init(orderId: Int64, sameIP: [OrderSummary], sameBuyer: [OrderSummary], sameDevice: [OrderSummary]) {
        self.orderId = orderId
        self.sameIP = sameIP
        self.sameBuyer = sameBuyer
        self.sameDevice = sameDevice
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
