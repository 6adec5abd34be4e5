/// A person allowed to use Kameng: an OS user name with one role.
public struct Staff: Hashable, Sendable, Codable {
    public var id: Int64?
    public var userName: String
    public var role: Role
    public var active: Bool

    public init(id: Int64? = nil, userName: String, role: Role, active: Bool = true) {
        self.id = id
        self.userName = userName
        self.role = role
        self.active = active
    }

    /// Whether `name` can be a staff user name: the shape POSIX allows for OS user names.
    public static func isValidUserName(_ name: String) -> Bool {
        guard (1...32).contains(name.utf8.count), let first = name.utf8.first else { return false }
        let allowed = name.utf8.allSatisfy { b in
            (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b == 0x2D || b == 0x2E
        }
        return allowed && first != 0x2D && name != "." && name != ".."
    }
}

/// What a staff member is for; the permission matrix is keyed by it.
public enum Role: String, CaseIterable, Hashable, Sendable, Codable {
    case admin, `operator`, support, oncall
}
