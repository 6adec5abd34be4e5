import Foundation
import KamengDomain

/// An SSH public key bound to one staff member: the key sshd checks before running
/// `kameng ssh-session --staff NAME` for them. A key belongs to at most one person.
public struct StaffSSHKey: Hashable, Sendable {
    public var staffName: String
    /// Whether its owner may sign in now (disabled and removed staff keep no line in authorized_keys).
    public var staffActive: Bool
    public var type: String
    public var base64: String
    public var comment: String
    /// `SHA256:…` as `ssh-keygen -lf` prints it.
    public var fingerprint: String
    public var addedAt: Date

    package init(staffName: String, staffActive: Bool, type: String, base64: String, comment: String, fingerprint: String, addedAt: Date) {
        self.staffName = staffName
        self.staffActive = staffActive
        self.type = type
        self.base64 = base64
        self.comment = comment
        self.fingerprint = fingerprint
        self.addedAt = addedAt
    }

    /// Its line in the managed block of authorized_keys.
    public var blockEntry: AuthorizedKeysBlock.Entry {
        AuthorizedKeysBlock.Entry(staffName: staffName, type: type, base64: base64)
    }
}
