import Foundation
import GRDB
import KamengDomain
import KamengStorage
import KamengVault

/// SSH keys bound to staff, and taking staff out: what decides who sshd lets into `kameng ssh-session`.
/// Every change is admin-only with a fresh TOTP code, and audited in its own transaction.
extension SQLiteStore {
    func addSSHKey(_ key: SSHPublicKey, to userName: String, by actor: Staff, stepUp code: String?, now: Date = Date()) throws -> StaffSSHKey {
        try require(actor, .manageStaff)
        try stepUp(actor, code: code, for: .manageStaff, now: now)
        return try dbWrite { db in
            let target = try staffRow(db, userName: userName)
            guard target.active else { throw StoreError.wrongState(.staff(user: userName), state: "disabled", action: "add an SSH key") }
            return try insertSSHKey(db, key, staffId: target.id!, userName: userName, actor: actor, now: now)
        }
    }

    /// Inserts one key for `staffId` and audits it; refuses a key bound to anyone already, naming them.
    func insertSSHKey(_ db: Database, _ key: SSHPublicKey, staffId: Int64, userName: String, actor: Staff, now: Date) throws -> StaffSSHKey {
        let fingerprint = key.fingerprint
        if let holder = try String.fetchOne(db, sql: """
            SELECT s.user_name FROM staff_ssh_keys k JOIN staff s ON s.id = k.staff_id WHERE k.key_base64 = ?
            """, arguments: [key.base64]) {
            throw StoreError.duplicate(.sshKey(fingerprint: fingerprint, staff: holder))
        }
        try db.execute(sql: """
            INSERT INTO staff_ssh_keys (staff_id, key_type, key_base64, comment, fingerprint, added_at) VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [staffId, key.type, key.base64, key.comment, fingerprint, StoreTime.string(now)])
        try sealPowerRow(db, .sshKeys, id: db.lastInsertedRowID)
        try appendAudit(db, actor: actor.userName, action: "staff.key.add", target: "staff:\(userName)",
                        detail: "\(key.type) \(fingerprint)", at: now)
        return StaffSSHKey(staffName: userName, staffActive: true, type: key.type, base64: key.base64, comment: key.comment,
                           fingerprint: fingerprint, addedAt: now)
    }

    func removeSSHKey(fingerprint: String, from userName: String, by actor: Staff, stepUp code: String?, now: Date = Date()) throws {
        try require(actor, .manageStaff)
        try stepUp(actor, code: code, for: .manageStaff, now: now)
        try dbWrite { db in
            let target = try staffRow(db, userName: userName)
            try db.execute(sql: "DELETE FROM staff_ssh_keys WHERE staff_id = ? AND fingerprint = ?", arguments: [target.id!, fingerprint])
            guard db.changesCount == 1 else { throw StoreError.notFound(.sshKey(fingerprint: fingerprint, staff: userName)) }
            try appendAudit(db, actor: actor.userName, action: "staff.key.remove", target: "staff:\(userName)", detail: fingerprint, at: now)
        }
    }

    func sshKeys(of userName: String, by actor: Staff) throws -> [StaffSSHKey] {
        if actor.userName != userName { try requireReader(actor, .manageStaff) }
        return try pool.read { db in
            let target = try staffRow(db, userName: userName)
            return try Row.fetchAll(db, sql: Self.keyColumns + " WHERE k.staff_id = ? ORDER BY k.id", arguments: [target.id!]).map(checkedKey)
        }
    }

    func activeSSHKeys(by actor: Staff) throws -> [StaffSSHKey] {
        try requireReader(actor, .manageStaff)
        return try pool.read { db in
            try Row.fetchAll(db, sql: Self.keyColumns + " WHERE s.active = 1 ORDER BY s.user_name, k.id").map(checkedKey)
        }
    }

    func disableStaff(userName: String, by actor: Staff, stepUp code: String?, now: Date = Date()) throws {
        try takeOut(userName, deletingKeys: false, action: "staff.disable", by: actor, stepUp: code, now: now)
    }

    func removeStaff(userName: String, by actor: Staff, stepUp code: String?, now: Date = Date()) throws {
        try takeOut(userName, deletingKeys: true, action: "staff.remove", by: actor, stepUp: code, now: now)
    }

    /// Marks a staff member inactive (their sessions end on their next check) and, for a removal,
    /// deletes their keys. Nobody takes themselves out: the last admin could lock everyone out.
    private func takeOut(_ userName: String, deletingKeys: Bool, action: String, by actor: Staff, stepUp code: String?, now: Date) throws {
        try require(actor, .manageStaff)
        guard userName != actor.userName else {
            throw StoreError.wrongState(.staff(user: userName), state: "you", action: deletingKeys ? "remove yourself" : "disable yourself")
        }
        try stepUp(actor, code: code, for: .manageStaff, now: now)
        try dbWrite { db in
            let target = try staffRow(db, userName: userName)
            if !deletingKeys, !target.active { throw StoreError.wrongState(.staff(user: userName), state: "disabled", action: "disable") }
            try db.execute(sql: "UPDATE staff SET active = 0 WHERE id = ?", arguments: [target.id!])
            try sealPowerRow(db, .staff, id: target.id!)
            var detail = target.active ? "was \(target.role.rawValue)" : "was already disabled"
            if deletingKeys {
                try db.execute(sql: "DELETE FROM staff_ssh_keys WHERE staff_id = ?", arguments: [target.id!])
                detail += ", \(db.changesCount) SSH key(s) deleted"
            }
            try appendAudit(db, actor: actor.userName, action: action, target: "staff:\(userName)", detail: detail, at: now)
        }
    }

    /// The staff row named `userName`, active or not.
    private func staffRow(_ db: Database, userName: String) throws -> Staff {
        guard let row = try Row.fetchOne(db, sql: "SELECT id, user_name, role, active FROM staff WHERE user_name = ?", arguments: [userName]) else {
            throw StoreError.notFound(.staff(user: userName))
        }
        return try Self.staff(from: row)
    }

    private static let keyColumns = """
        SELECT s.user_name, s.active, k.id, k.staff_id, k.key_type, k.key_base64, k.comment, k.fingerprint, k.added_at, k.row_mac
        FROM staff_ssh_keys k JOIN staff s ON s.id = k.staff_id
        """

    /// A key row as the interface shows it, once its MAC shows Kameng wrote it: these rows decide who
    /// sshd lets in, so one inserted or re-pointed in SQL stops the block from being written.
    private func checkedKey(_ row: Row) throws -> StaffSSHKey {
        try checkPowerRow(.sshKeys, row)
        return Self.sshKey(from: row)
    }

    private static func sshKey(from row: Row) -> StaffSSHKey {
        StaffSSHKey(staffName: row["user_name"], staffActive: row["active"], type: row["key_type"], base64: row["key_base64"],
                    comment: row["comment"], fingerprint: row["fingerprint"], addedAt: row["added_at"])
    }
}
