import Foundation

/// A substation (分站): a shop run by an agent under its own domain, selling the main site's catalogue.
/// A substation's parent is another substation (multi-level agents) or nil for one under the main site.
public struct Substation: Hashable, Sendable, Codable {
    public var id: Int64?
    public var code: String
    public var name: String
    public var domain: String
    public var parentId: Int64?
    /// The agent's share of each sale, in basis points (1,000 = 10%).
    public var commissionBasisPoints: Int
    public private(set) var status: SubstationStatus
    public var expiresAt: Date?
    public var createdAt: Date

    public init(id: Int64? = nil, code: String, name: String, domain: String, parentId: Int64? = nil,
                commissionBasisPoints: Int, status: SubstationStatus = .active, expiresAt: Date? = nil, createdAt: Date) {
        self.id = id
        self.code = code
        self.name = name
        self.domain = domain
        self.parentId = parentId
        self.commissionBasisPoints = commissionBasisPoints
        self.status = status
        self.expiresAt = expiresAt
        self.createdAt = createdAt
    }

    public mutating func move(to next: SubstationStatus) throws(DomainError) {
        guard status.canMove(to: next) else { throw .illegalSubstationTransition(code: code, from: status, to: next) }
        status = next
    }

    public var validationProblems: [String] {
        var problems: [String] = []
        if !Substation.isValidCode(code) { problems.append("code: 1–32 characters of A–Z a–z 0–9 . _ -") }
        if !Substation.isValidName(name) { problems.append("name: 1–64 characters, no control characters") }
        if !Substation.isValidDomain(domain) { problems.append("domain: a host name such as shop.example.com") }
        if !(0...10_000).contains(commissionBasisPoints) { problems.append("commission: 0–100%") }
        return problems
    }

    public static func isValidCode(_ text: String) -> Bool {
        Product.isValidSKU(text) && text.utf8.count <= 32
    }

    /// Not blank, at most 64 characters, and nothing a terminal would act on (names are shown on screens).
    public static func isValidName(_ text: String) -> Bool {
        !text.trimmingCharacters(in: .whitespaces).isEmpty && text.count <= 64
            && !text.unicodeScalars.contains(where: TerminalSafe.needsEscaping)
    }

    public static func isValidDomain(_ text: String) -> Bool {
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        return text.utf8.count <= 253 && labels.count >= 2 && labels.allSatisfy { label in
            ASCIIName.isValid(label, length: 1...63, punctuation: ASCIIName.hyphen) && label.first != "-" && label.last != "-"
        }
    }
}

/// Whether a substation may trade.
public enum SubstationStatus: String, CaseIterable, Hashable, Sendable, Codable {
    case active, suspended, closed

    public func canMove(to next: SubstationStatus) -> Bool {
        switch (self, next) {
        case (.active, .suspended), (.suspended, .active), (.active, .closed), (.suspended, .closed): true
        default: false
        }
    }
}

/// One heartbeat's worth of what a substation reports about itself. `HealthEvaluator` judges a
/// substation from a day of these.
public struct SubstationSignal: Hashable, Sendable, Codable {
    public var substationId: Int64
    public var at: Date
    /// Payment callbacks received, and how many of them failed, since the previous heartbeat (not running
    /// totals): the health rule sums them over its window.
    public var callbacks: Int
    public var callbackFailures: Int
    /// The substation's own measure of order-to-delivery latency, 95th percentile, in milliseconds.
    public var deliveryP95Ms: Int
    /// Orders the substation took in the hour before this heartbeat.
    public var ordersLastHour: Int

    public init(substationId: Int64, at: Date, callbacks: Int, callbackFailures: Int, deliveryP95Ms: Int, ordersLastHour: Int) {
        self.substationId = substationId
        self.at = at
        self.callbacks = callbacks
        self.callbackFailures = callbackFailures
        self.deliveryP95Ms = deliveryP95Ms
        self.ordersLastHour = ordersLastHour
    }
}
