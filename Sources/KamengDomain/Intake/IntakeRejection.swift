/// Why an intake line was refused. Stored as this readable text in `intake_rejections.reason` and used
/// as the key of the summary's `rejected` counts, so the raw values are a stable interface.
public enum IntakeReason: String, CaseIterable, Hashable, Sendable, Codable, Comparable {
    /// Not JSON, a field missing or of the wrong type, a bad time, a negative amount…
    case malformed
    /// No signature, not 64 hex digits, or not the HMAC of the payload under the substation's secret.
    case badSignature = "bad_signature"
    /// An object (the envelope or the payload) with more fields than any event has (`IntakeJSON.maxFieldsPerObject`).
    case tooManyFields = "too_many_fields"
    case unknownSubstation = "unknown_substation"
    /// Suspended, closed or expired: a substation that may not trade.
    case suspendedSubstation = "suspended_substation"
    case unknownProduct = "unknown_product"
    /// The payment's amount is not the order's.
    case amountMismatch = "amount_mismatch"
    /// A payment for an order number this substation never sent.
    case unknownOrder = "unknown_order"
    /// A second, different payment (another txn) for an order that is already paid.
    case alreadyPaid = "already_paid"
    /// A payment for a cancelled or refunded order.
    case notPayable = "not_payable"
    /// The order number was sent before with a different product, quantity, amount or buyer, or the
    /// payment's txn already pays another order.
    case conflict
    /// The store failed on this line alone (the rest of its group went through); the detail says how.
    case storeError = "store_error"

    public static func < (a: IntakeReason, b: IntakeReason) -> Bool { a.rawValue < b.rawValue }
}

/// A refusal: the reason code and a short explanation naming the field or the rule. Never holds a secret
/// or a signature.
public struct IntakeProblem: Error, Hashable, Sendable, CustomStringConvertible {
    public var reason: IntakeReason
    public var detail: String

    public init(_ reason: IntakeReason, _ detail: String) {
        self.reason = reason
        self.detail = detail
    }

    public static func malformed(_ detail: String) -> IntakeProblem { IntakeProblem(.malformed, detail) }

    public var description: String { "\(reason.rawValue): \(detail)" }

    /// Outside text made safe to store and show: control and bidi characters made visible, at most
    /// `limit` characters, so a hostile line cannot fill the rejections table or drive a terminal.
    public static func clip(_ text: String, limit: Int = 40) -> String {
        let visible = TerminalSafe.visible(text)
        return visible.count <= limit ? visible : String(visible.prefix(limit)) + "…"
    }
}

/// What kind of event a line held, as far as it could be read (`unknown` when not even that).
public enum IntakeKind: String, CaseIterable, Hashable, Sendable, Codable {
    case order, payment, heartbeat, unknown
}
