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
        ASCIIName.isValid(name, length: 1...32, punctuation: ASCIIName.underscoreHyphenDot)
            && !name.hasPrefix("-") && name != "." && name != ".."
    }
}

/// What a staff member is for; the permission matrix is keyed by it.
public enum Role: String, CaseIterable, Hashable, Sendable, Codable {
    case admin, `operator`, support, oncall
}
