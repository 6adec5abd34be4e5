import Foundation
import GRDB
import KamengDomain

extension KamengStore {
    /// The staff member for an OS user name, or `StoreError.unknownStaff` saying how to get access.
    public func staff(userName: String) throws -> Staff {
        let row = try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT id, user_name, role, active FROM staff WHERE user_name = ?", arguments: [userName])
        }
        guard let row, let staff = Self.staff(from: row), staff.active else { throw StoreError.unknownStaff(user: userName) }
        return staff
    }

    public func allStaff() throws -> [Staff] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, user_name, role, active FROM staff ORDER BY user_name").compactMap(Self.staff(from:))
        }
    }

    /// Adds a staff member (admin only), audited.
    public func addStaff(userName: String, role: Role, by actor: Staff, now: Date = Date()) throws -> Staff {
        try require(actor, .manageStaff)
        guard Staff.isValidUserName(userName) else { throw StoreError.invalid("user name \"\(userName)\" is not a valid OS user name") }
        return try pool.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM staff WHERE user_name = ?", arguments: [userName]) == true {
                throw StoreError.duplicate("staff member \(userName)")
            }
            try db.execute(sql: "INSERT INTO staff (user_name, role, created_at) VALUES (?, ?, ?)",
                           arguments: [userName, role.rawValue, StoreTime.string(now)])
            try appendAudit(db, actor: actor.userName, action: "staff.add", target: "staff:\(userName)", detail: "role \(role.rawValue)", at: now)
            return Staff(id: db.lastInsertedRowID, userName: userName, role: role)
        }
    }

    func require(_ actor: Staff, _ permission: Permission) throws {
        guard actor.active, actor.role.may(permission) else {
            throw StoreError.forbidden(user: "\(actor.userName) (\(actor.role.rawValue))", action: permission.rawValue)
        }
    }

    static func staff(from row: Row) -> Staff? {
        guard let role = Role(rawValue: row["role"]) else { return nil }
        return Staff(id: row["id"], userName: row["user_name"], role: role, active: row["active"])
    }
}
