import Foundation
import KamengDomain

/// One card key opened by an audited reveal. Hold it only as long as it is shown.
public struct RevealedKey: Sendable {
    public var keyId: Int64
    public var number: String?
    public var secret: String

    package init(keyId: Int64, number: String? = nil, secret: String) {
        self.keyId = keyId
        self.number = number
        self.secret = secret
    }
}

/// Which keys an export takes.
public enum KeyExportSelection: Sendable, Hashable {
    /// The keys delivered to one order (a refund dispute).
    case order(id: Int64)
    /// A batch's unsold keys, available or voided (a return to the supplier). Sold keys stay out.
    case batch(id: Int64)
}

/// One key in an export, opened. Only the export file should ever hold it.
public struct ExportedKey: Sendable {
    public var keyId: Int64
    public var batchId: Int64
    public var productSKU: String
    public var orderNo: String?
    public var status: CardKeyStatus
    public var number: String?
    public var secret: String
    public var expiresAt: Date?

    /// The export's columns, in order.
    public static let csvHeader = ["key_id", "batch", "sku", "order_no", "status", "number", "secret", "expires_at_utc"]

    public var csvRow: [String] {
        [String(keyId), String(batchId), productSKU, orderNo ?? "", status.rawValue, number ?? "", secret,
         expiresAt.map { StoreTime.string($0) } ?? ""]
    }

    package init(keyId: Int64, batchId: Int64, productSKU: String, orderNo: String? = nil, status: CardKeyStatus, number: String? = nil, secret: String, expiresAt: Date? = nil) {
        self.keyId = keyId
        self.batchId = batchId
        self.productSKU = productSKU
        self.orderNo = orderNo
        self.status = status
        self.number = number
        self.secret = secret
        self.expiresAt = expiresAt
    }
}

/// The outcome of `kameng keys rotate`: which key-encryption key was replaced by which.
public struct KeyRotationResult: Sendable, Hashable {
    public var oldFingerprint: String
    public var newFingerprint: String
    /// A recovery kit was made before this rotation: it holds the old wrapping, so the admin must make
    /// a new one. False while no kit exists (recovery kits are not built yet).
    public var recoveryKitExists: Bool

    package init(oldFingerprint: String, newFingerprint: String, recoveryKitExists: Bool = false) {
        self.oldFingerprint = oldFingerprint
        self.newFingerprint = newFingerprint
        self.recoveryKitExists = recoveryKitExists
    }
}

/// A new authenticator secret, shown to its owner once (as text and as an otpauth URI) and then
/// kept only sealed. The caller must not log it.
public struct TOTPEnrolment: Sendable {
    public var secretBase32: String
    public var uri: String

    package init(secretBase32: String, uri: String) {
        self.secretBase32 = secretBase32
        self.uri = uri
    }
}

/// The security knobs an admin may turn, kept in the database (not in a per-user config file, which
/// the person being limited could edit).
public struct SecuritySettings: Hashable, Sendable {
    /// A refund above this amount needs a fresh TOTP code.
    public var refundStepUpAbove: Money
    /// Audited reveals one person may make in any hour.
    public var revealsPerHour: Int

    public static let defaults = SecuritySettings(refundStepUpAbove: Money(fen: 20_000), revealsPerHour: 20)

    public init(refundStepUpAbove: Money, revealsPerHour: Int) {
        self.refundStepUpAbove = refundStepUpAbove
        self.revealsPerHour = revealsPerHour
    }
}
