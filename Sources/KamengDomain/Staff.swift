/// A person allowed to use Kameng: a staff name (a Kameng name, not an OS user) with one role.
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

    /// Whether `name` can be a staff name: the shape POSIX allows for user names (safe as a path
    /// component of the inbox and in an authorized_keys forced command).
    public static func isValidUserName(_ name: String) -> Bool {
        ASCIIName.isValid(name, length: 1...32, punctuation: ASCIIName.underscoreHyphenDot)
            && !name.hasPrefix("-") && name != "." && name != ".."
    }
}

/// What a staff member is for; the permission matrix is keyed by it.
public enum Role: String, CaseIterable, Hashable, Sendable, Codable {
    case admin, `operator`, support, oncall
    /// 财务: the money. Top-ups, credit limits, the funds switch, statements, settlement, reconciliation.
    case finance
}
