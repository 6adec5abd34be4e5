import Foundation
import GRDB
import KamengDomain

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

extension KamengStore {
    public func securitySettings() throws -> SecuritySettings {
        try pool.read { db in try securitySettings(db) }
    }

    func securitySettings(_ db: Database) throws -> SecuritySettings {
        var settings = SecuritySettings.defaults
        for row in try Row.fetchAll(db, sql: "SELECT key, value FROM security_settings") {
            let value: Int64 = row["value"]
            switch row["key"] as String {
            case "refund_step_up_above_fen": settings.refundStepUpAbove = Money(fen: value)
            case "reveals_per_hour": settings.revealsPerHour = Int(value)
            default: break
            }
        }
        return settings
    }

    /// Changes the security settings (admin, step-up), audited with the old and new values.
    public func setSecuritySettings(_ settings: SecuritySettings, by actor: Staff, stepUp code: String?, now: Date = Date()) throws {
        try require(actor, .changeSecuritySettings)
        guard settings.refundStepUpAbove.fen >= 0 else { throw StoreError.invalid("refund step-up amount: must not be negative") }
        guard (1...1_000).contains(settings.revealsPerHour) else { throw StoreError.invalid("reveals per hour: 1–1000") }
        try stepUp(actor, code: code, for: .changeSecuritySettings, now: now)
        try dbWrite { db in
            let old = try securitySettings(db)
            for (key, value) in [("refund_step_up_above_fen", settings.refundStepUpAbove.fen), ("reveals_per_hour", Int64(settings.revealsPerHour))] {
                try db.execute(sql: "INSERT INTO security_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                               arguments: [key, value])
            }
            try appendAudit(db, actor: actor.userName, action: "security.settings", target: "store",
                            detail: "refund step-up above \(old.refundStepUpAbove) → \(settings.refundStepUpAbove); reveals/hour \(old.revealsPerHour) → \(settings.revealsPerHour)",
                            at: now)
        }
    }
}
