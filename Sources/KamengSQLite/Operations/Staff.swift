import Foundation
import GRDB
import KamengDomain
import KamengStorage
import KamengVault

extension SQLiteStore {
    /// The active staff member of that name, or `StoreError.unknownStaff` saying how to get access.
    @_spi(Benchmark) public func staff(userName: String) throws -> Staff {
        let row = try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT \(PowerRowTable.staff.columns) FROM staff WHERE user_name = ?", arguments: [userName])
        }
        guard let row else { throw StoreError.unknownStaff(user: userName) }
        // The row decides what this person may do: one changed in SQL (a raised role) is refused here.
        try checkPowerRow(.staff, row)
        let staff = try Self.staff(from: row)
        guard staff.active else { throw StoreError.unknownStaff(user: userName) }
        return staff
    }

    /// The service's owner (`service_owner`, Schema+ServiceOwner.swift): whom local runs act as.
    @_spi(Benchmark) public func owner() throws -> Staff {
        let row = try pool.read { db -> Row? in
            guard let id = try Int64.fetchOne(db, sql: "SELECT staff_id FROM service_owner WHERE id = 1") else { return nil }
            return try Row.fetchOne(db, sql: "SELECT \(PowerRowTable.staff.columns) FROM staff WHERE id = ?", arguments: [id])
        }
        guard let row else { throw StoreError.unknownStaff(user: "(owner)") }
        // As for anyone else: the owner's row changed in SQL (a role lowered or raised) is refused here.
        try checkPowerRow(.staff, row)
        let staff = try Self.staff(from: row)
        guard staff.active else { throw StoreError.unknownStaff(user: staff.userName) }
        return staff
    }

    func allStaff() throws -> [Staff] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, user_name, role, active FROM staff ORDER BY user_name").map(Self.staff(from:))
        }
    }

    /// Adds a staff member with their SSH keys (admin only, with a fresh TOTP code), audited: the row,
    /// its keys and their audit rows commit together.
    func addStaff(userName: String, role: Role, sshKeys: [SSHPublicKey] = [], by actor: Staff, stepUp code: String?,
                  now: Date = Date()) throws -> Staff {
        try require(actor, .manageStaff)
        guard Staff.isValidUserName(userName) else { throw StoreError.invalidField(field: "user name", rule: "\"\(userName)\" is not a valid staff name") }
        try stepUp(actor, code: code, for: .manageStaff, now: now)
        return try dbWrite { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM staff WHERE user_name = ?", arguments: [userName]) == true {
                throw StoreError.duplicate(.staff(user: userName))
            }
            try db.execute(sql: "INSERT INTO staff (user_name, role, created_at) VALUES (?, ?, ?)",
                           arguments: [userName, role.rawValue, StoreTime.string(now)])
            // Taken before the audit append, whose insert would otherwise be the last inserted row.
            let id = db.lastInsertedRowID
            try sealPowerRow(db, .staff, id: id)
            try appendAudit(db, actor: actor.userName, action: "staff.add", target: "staff:\(userName)", detail: "role \(role.rawValue)", at: now)
            for key in sshKeys {
                _ = try insertSSHKey(db, key, staffId: id, userName: userName, actor: actor, now: now)
            }
            return Staff(id: id, userName: userName, role: role)
        }
    }

    /// The one gate of every changing method: a read-only session refuses first, then the matrix decides.
    ///
    /// A refusal is itself audited (action `denied`), in a small transaction of its own: someone
    /// trying what their role may not do is worth knowing. Call it before any transaction is open.
    func require(_ actor: Staff, _ permission: Permission) throws {
        try requireWritable(permission.rawValue)
        guard actor.active, actor.role.may(permission) else {
            auditDenial(actor, permission)
            throw StoreError.forbidden(user: "\(actor.userName) (\(actor.role.rawValue))", action: permission.rawValue)
        }
    }

    /// A permissioned read (the audit log): the matrix decides, and a read-only session may read.
    /// A refusal is audited as in `require`, except in a read-only session, which cannot write.
    func requireReader(_ actor: Staff, _ permission: Permission) throws {
        guard actor.active, actor.role.may(permission) else {
            if !isReadOnly { auditDenial(actor, permission) }
            throw StoreError.forbidden(user: "\(actor.userName) (\(actor.role.rawValue))", action: permission.rawValue)
        }
    }

    /// Best effort: the refusal stands whether or not its record could be written (a busy or full
    /// database must not turn "forbidden" into another error).
    private func auditDenial(_ actor: Staff, _ permission: Permission) {
        _ = try? dbWrite { db in
            try appendAudit(db, actor: actor.userName, action: "denied", target: "permission:\(permission.rawValue)",
                            detail: "role \(actor.role.rawValue)" + (actor.active ? "" : ", disabled"), at: Date())
        }
    }

    /// For the changing methods no person calls (intake, automatic delivery): only the read-only gate.
    func requireWritable(_ action: String) throws {
        if isReadOnly { throw StoreError.readOnly(action: action) }
    }

    static func staff(from row: Row) throws(StoreError) -> Staff {
        Staff(id: row["id"], userName: row["user_name"], role: try row.decode("role", table: "staff"), active: row["active"])
    }
}
