import Foundation
import GRDB
import KamengDomain
import KamengStorage
import KamengVault

/// A table whose rows grant power: each row carries `row_mac`, an HMAC (the vault's "power rows"
/// subkey) over the table's name, the row's id and the listed fields, so `UPDATE staff SET role =
/// 'admin'` in sqlite3 is refused at use and reported by `audit verify`. Covering another table takes
/// a `row_mac TEXT` column (a migration), an entry here (and in `all`), `sealPowerRow` after every
/// insert or update of it, and `checkPowerRow` wherever a read of it decides what someone may do.
struct PowerRowTable: Sendable {
    /// The table, its id column, and the fields the MAC covers, in a fixed order (a field added later
    /// goes at the end: `sealPowerRow` recomputes from the row, so a migration can re-seal).
    let table: String
    let idColumn: String
    let fields: [String]
    /// How a person is told which row: "staff row for bob".
    let describe: @Sendable (Row) -> String

    static let staff = PowerRowTable(table: "staff", idColumn: "id", fields: ["user_name", "role", "active"]) { row in
        "staff row for \(row["user_name"] as String? ?? "?")"
    }
    static let totp = PowerRowTable(table: "staff_totp", idColumn: "staff_id", fields: ["secret_sealed", "enrolled_at"]) { row in
        "authenticator enrolment of staff #\(row["staff_id"] as Int64? ?? 0)"
    }
    static let securitySettings = PowerRowTable(table: "security_settings", idColumn: "key", fields: ["value"]) { row in
        "security setting \(row["key"] as String? ?? "?")"
    }
    static let sshKeys = PowerRowTable(table: "staff_ssh_keys", idColumn: "id", fields: ["staff_id", "key_type", "key_base64", "fingerprint"]) { row in
        "SSH key \(row["fingerprint"] as String? ?? "?")"
    }
    static let all: [PowerRowTable] = [.staff, .totp, .securitySettings, .sshKeys]

    /// `id, field…, row_mac`: what `checkPowerRow` needs from a row.
    var columns: String { ([idColumn] + fields + ["row_mac"]).joined(separator: ", ") }

    /// The MAC of a row with these values: every value length-prefixed with a type tag, so NULL, '' and
    /// x'' differ and no two rows encode alike.
    func mac(vault: Vault, id: DatabaseValue, values: [DatabaseValue]) -> String {
        var message: [UInt8] = []
        message.reserveCapacity(128)
        for field in ["kameng.power_row.v1", table] + ([id] + values).map(Self.canonical) {
            message.append(contentsOf: String(field.utf8.count).utf8)
            message.append(0x3A) // ":"
            message.append(contentsOf: field.utf8)
        }
        return Hex.string(vault.powerRowMAC(message))
    }

    static func canonical(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .null: "N"
        case let .int64(v): "I" + String(v)
        case let .double(v): "R" + String(v)
        case let .string(v): "T" + v
        case let .blob(v): "B" + Hex.string(v)
        }
    }
}

extension SQLiteStore {
    /// Recomputes `row_mac` for one row from what it holds now: called by every insert or update of a power row.
    func sealPowerRow(_ db: Database, _ t: PowerRowTable, id: some DatabaseValueConvertible) throws {
        guard let row = try Row.fetchOne(db, sql: "SELECT \(t.columns) FROM \(t.table) WHERE \(t.idColumn) = ?", arguments: [id]) else {
            throw StoreError.tampered("\(t.table) row \(id) vanished while being written")
        }
        let mac = t.mac(vault: vault, id: row[t.idColumn], values: t.fields.map { row[$0] })
        try db.execute(sql: "UPDATE \(t.table) SET row_mac = ? WHERE \(t.idColumn) = ?", arguments: [mac, id])
    }

    /// Whether `row` (selected with `t.columns`) carries the MAC of what it holds; a missing MAC counts once
    /// the backfill has run. Throws `.tampered("staff row for bob was altered outside Kameng")`.
    func checkPowerRow(_ t: PowerRowTable, _ row: Row) throws {
        guard let problem = powerRowProblem(t, row) else { return }
        throw StoreError.tampered(problem)
    }

    private func powerRowProblem(_ t: PowerRowTable, _ row: Row) -> String? {
        let stored: String? = row["row_mac"]
        guard let stored else { return upgrades.powerRowsSealed ? "\(t.describe(row)) was altered outside Kameng (its MAC is missing)" : nil }
        let expected = t.mac(vault: vault, id: row[t.idColumn], values: t.fields.map { row[$0] })
        return TOTP.constantTimeEqual(stored, expected) ? nil : "\(t.describe(row)) was altered outside Kameng"
    }

    /// Every power row whose MAC does not match, named, for `audit verify`.
    func alteredPowerRows(_ db: Database) throws -> [String] {
        var problems: [String] = []
        for t in PowerRowTable.all {
            for row in try Row.fetchAll(db, sql: "SELECT \(t.columns) FROM \(t.table) ORDER BY \(t.idColumn)") {
                if let problem = powerRowProblem(t, row) { problems.append(problem) }
            }
        }
        return problems
    }

    /// Seals every power row that has no MAC yet (a database from before the MACs). Run once, by
    /// `completeVaultUpgrades`, in the transaction that records it; after that a missing MAC is tampering.
    func backfillPowerRows(_ db: Database) throws -> Int {
        var sealed = 0
        for t in PowerRowTable.all {
            for id in try DatabaseValue.fetchAll(db, sql: "SELECT \(t.idColumn) FROM \(t.table) WHERE row_mac IS NULL") {
                try sealPowerRow(db, t, id: id)
                sealed += 1
            }
        }
        return sealed
    }
}
