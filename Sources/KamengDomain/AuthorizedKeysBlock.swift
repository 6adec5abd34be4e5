/// The part of the service account's `~/.ssh/authorized_keys` that Kameng owns: one line per active
/// staff key, each forced into `kameng ssh-session --staff NAME`. Everything outside the markers
/// belongs to the host's admin and is kept byte for byte. Pure text in, text out; the atomic write
/// is the executable's (AuthorizedKeysFile).
public enum AuthorizedKeysBlock {
    public static let begin = "# BEGIN KAMENG MANAGED KEYS (do not edit)"
    public static let end = "# END KAMENG MANAGED KEYS"

    /// One staff member's key as it goes into the block.
    public struct Entry: Hashable, Sendable {
        public var staffName: String
        public var type: String
        public var base64: String

        public init(staffName: String, type: String, base64: String) {
            self.staffName = staffName
            self.type = type
            self.base64 = base64
        }
    }

    /// Why the block could not be written; nothing was changed.
    public enum Problem: Error, Equatable, Sendable {
        /// The file has a begin marker without an end marker, or markers twice, or in the wrong order:
        /// someone edited it by hand, and guessing where Kameng's part ends could drop their lines.
        case damagedBlock
        /// The executable's path would not survive inside `command="…"` (quotes, spaces, controls).
        case unsafeExecutablePath(String)
        case invalidStaffName(String)
        case invalidKey(String)

        public var text: String {
            switch self {
            case .damagedBlock:
                "the Kameng block of authorized_keys is damaged (markers missing, repeated or out of order); fix the markers by hand, then run `kameng staff keys sync`"
            case let .unsafeExecutablePath(path):
                "the kameng executable's path \"\(TerminalSafe.visible(path))\" cannot go into a forced command (only letters, digits and / . _ + - are allowed)"
            case let .invalidStaffName(name): "\"\(TerminalSafe.visible(name))\" is not a valid staff name"
            case let .invalidKey(key): "stored key \"\(TerminalSafe.visible(String(key.prefix(40))))…\" is not a valid key line"
            }
        }
    }

    /// The forced-command line for one key.
    public static func line(for entry: Entry, executable: String) throws(Problem) -> String {
        guard executable.hasPrefix("/"), executable.utf8.allSatisfy(isPathByte) else { throw .unsafeExecutablePath(executable) }
        guard Staff.isValidUserName(entry.staffName) else { throw .invalidStaffName(entry.staffName) }
        guard SSHPublicKey.allowedTypes.contains(entry.type),
              !entry.base64.isEmpty, entry.base64.utf8.allSatisfy(isBase64Byte) else { throw .invalidKey(entry.type + " " + entry.base64) }
        return "restrict,pty,command=\"\(executable) ssh-session --staff \(entry.staffName)\" \(entry.type) \(entry.base64) kameng:\(entry.staffName)"
    }

    /// `existing` with Kameng's block replaced by one holding `entries` (appended at the end when the
    /// file has none yet). Lines outside the block are returned exactly as they were.
    public static func render(existing: String, entries: [Entry], executable: String) throws(Problem) -> String {
        var block = [begin]
        for entry in entries { block.append(try line(for: entry, executable: executable)) }
        block.append(end)
        let lines = existing.split(separator: "\n", omittingEmptySubsequences: false)
        let begins = lines.indices.filter { lines[$0] == begin }
        let ends = lines.indices.filter { lines[$0] == end }
        switch (begins.count, ends.count) {
        case (0, 0):
            if existing.isEmpty { return block.joined(separator: "\n") + "\n" }
            return existing + (existing.hasSuffix("\n") ? "" : "\n") + block.joined(separator: "\n") + "\n"
        case (1, 1) where begins[0] < ends[0]:
            let before = lines[..<begins[0]].map(String.init)
            let after = lines[(ends[0] + 1)...].map(String.init)
            return (before + block + after).joined(separator: "\n")
        default:
            throw .damagedBlock
        }
    }

    private static func isPathByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || [0x2F, 0x2E, 0x5F, 0x2B, 0x2D].contains(b)
    }

    private static func isBase64Byte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x2B || b == 0x2F || b == 0x3D
    }
}
