import Foundation
import GRDB
import KamengDomain
import KamengStorage

extension SQLiteStore {
    func securitySettings() throws -> SecuritySettings {
        try pool.read { db in try securitySettings(db) }
    }

    func securitySettings(_ db: Database) throws -> SecuritySettings {
        var settings = SecuritySettings.defaults
        let rows = try Row.fetchAll(db, sql: "SELECT \(PowerRowTable.securitySettings.columns) FROM security_settings")
        for row in rows {
            // A limit raised in SQL (reveals per hour) must not loosen anything.
            try checkPowerRow(.securitySettings, row)
            let setting = SecuritySetting(key: row["key"], value: row["value"])
            switch setting.key {
            case SecuritySetting.refundStepUpAbove: settings.refundStepUpAbove = Money(fen: setting.value)
            case SecuritySetting.revealsPerHour: settings.revealsPerHour = Int(setting.value)
            default: break
            }
        }
        return settings
    }

    /// Changes the security settings (admin, step-up), audited with the old and new values.
    func setSecuritySettings(_ settings: SecuritySettings, by actor: Staff, stepUp code: String?, now: Date = Date()) throws {
        try require(actor, .changeSecuritySettings)
        guard settings.refundStepUpAbove.fen >= 0 else { throw StoreError.invalidField(field: "refund step-up amount", rule: "must not be negative") }
        guard (1...1_000).contains(settings.revealsPerHour) else { throw StoreError.invalidField(field: "reveals per hour", rule: "1–1000") }
        try stepUp(actor, code: code, for: .changeSecuritySettings, now: now)
        try dbWrite { db in
            let old = try securitySettings(db)
            try SecuritySetting(key: SecuritySetting.refundStepUpAbove, value: settings.refundStepUpAbove.fen).insert(db, onConflict: .replace)
            try SecuritySetting(key: SecuritySetting.revealsPerHour, value: Int64(settings.revealsPerHour)).insert(db, onConflict: .replace)
            try sealPowerRow(db, .securitySettings, id: SecuritySetting.refundStepUpAbove)
            try sealPowerRow(db, .securitySettings, id: SecuritySetting.revealsPerHour)
            try appendAudit(db, actor: actor.userName, action: "security.settings", target: "store",
                            detail: "refund step-up above \(old.refundStepUpAbove) → \(settings.refundStepUpAbove); reveals/hour \(old.revealsPerHour) → \(settings.revealsPerHour)",
                            at: now)
        }
    }
}

/// One row of `security_settings`: a knob by name, its value an integer. Absent rows mean the default.
/// Written with INSERT OR REPLACE (nothing references these rows): GRDB's `upsert` asks for the rowid
/// back, which this WITHOUT ROWID table does not have.
struct SecuritySetting: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "security_settings"
    static let refundStepUpAbove = "refund_step_up_above_fen"
    static let revealsPerHour = "reveals_per_hour"

    var key: String
    var value: Int64
}
