import Foundation

/// One entry of the tamper-evident audit log: who did what to which target, and when. Never a secret.
public struct AuditEvent: Hashable, Sendable, Codable {
    public var id: Int64
    public var at: Date
    public var actor: String
    public var action: String
    public var target: String
    public var detail: String

    public init(id: Int64, at: Date, actor: String, action: String, target: String, detail: String) {
        self.id = id
        self.at = at
        self.actor = actor
        self.action = action
        self.target = target
        self.detail = detail
    }
}

/// The result of walking the audit chain.
public enum AuditVerification: Hashable, Sendable {
    case intact(rows: Int)
    /// The first row whose stored link does not match what the chain computes, with why.
    case broken(atId: Int64, reason: String)
    /// The chain holds, but rows that grant power (staff, authenticators, security settings) were changed
    /// outside Kameng: each named ("staff row for bob was altered outside Kameng").
    case altered(rows: [String])
}
