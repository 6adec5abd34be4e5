import Foundation

/// An OpenSSH public key as a staff member hands it in (`TYPE BASE64 [COMMENT]`, one line of
/// `id_ed25519.pub`). Kameng writes each accepted key into the service account's authorized_keys
/// behind its own forced command, so a line that carries options, a second line or an unknown type
/// must never get this far: `parse` is the one gate.
public struct SSHPublicKey: Hashable, Sendable {
    /// The key type as sshd names it (`ssh-ed25519`…), one of `allowedTypes`.
    public let type: String
    /// The key blob in canonical (padded, unwrapped) base64: the form stored, compared and written.
    public let base64: String
    /// The decoded blob (what the SHA-256 fingerprint is taken over).
    public let blob: [UInt8]
    /// The person's own comment (`alice@laptop`), printable text only; may be empty.
    public let comment: String

    /// The key types sshd accepts that Kameng lets in (no DSA, no certificates).
    public static let allowedTypes: [String] = [
        "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa",
        "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com",
    ]

    /// Far above a 16384-bit RSA key (about 2.8 kB of base64): anything longer is not a key.
    public static let maxBase64Length = 16_384
    public static let maxCommentLength = 200

    /// Why a key line was refused; `text` words it for a person (English; the CLI prints it).
    public enum Problem: Error, Equatable, Sendable {
        case empty
        /// A newline, carriage return, escape or other control character: a smuggled second line or
        /// terminal sequence (the character's code point).
        case controlCharacter(UInt32)
        /// The line starts with authorized_keys options (`command="…"`, `no-pty`, `environment=`…).
        case options
        case unknownType(String)
        case malformedBase64
        /// The blob's own first field names another type (or none).
        case typeMismatch(declared: String)
        case tooLong
        /// The comment holds text that would not show as itself on a terminal (bidi overrides…).
        case unsafeComment

        public var text: String {
            switch self {
            case .empty: "the key is empty"
            case let .controlCharacter(value): "the key holds a control character (U+\(String(value, radix: 16, uppercase: true))): one line, no newline or escape inside"
            case .options: "the key line starts with authorized_keys options; give only TYPE BASE64 [COMMENT] (Kameng adds its own)"
            case let .unknownType(type): "\"\(TerminalSafe.visible(type))\" is not a key type Kameng accepts (\(SSHPublicKey.allowedTypes.joined(separator: ", ")))"
            case .malformedBase64: "the key's base64 part does not decode"
            case let .typeMismatch(declared): "the key's data is not a \(declared) key"
            case .tooLong: "the key or its comment is too long"
            case .unsafeComment: "the key's comment holds characters that are not plain text"
            }
        }
    }

    /// Parses one key line. A single trailing newline (as every `.pub` file has) is allowed; any other
    /// control character anywhere is refused, tabs and spaces separate the fields.
    public static func parse(_ input: String) throws(Problem) -> SSHPublicKey {
        // By scalars: "\r\n" is one Character, so Character-wise trimming would count it wrong.
        var scalars = Substring(input).unicodeScalars
        if scalars.last == "\n" {
            scalars.removeLast()
            if scalars.last == "\r" { scalars.removeLast() }
        }
        let line = Substring(scalars)
        for scalar in line.unicodeScalars where scalar != "\t" {
            if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}" {
                throw .controlCharacter(scalar.value)
            }
        }
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        guard !trimmed.isEmpty else { throw .empty }
        let fields = trimmed.split(maxSplits: 2, omittingEmptySubsequences: true) { $0 == " " || $0 == "\t" }
        let type = String(fields[0])
        guard allowedTypes.contains(type) else {
            // A known type later on the line means the first field is an options list.
            if fields.dropFirst().contains(where: { allowedTypes.contains(String($0)) }) || type.contains("=") || type.contains(",")
                || optionWords.contains(type.lowercased()) {
                throw .options
            }
            throw .unknownType(type)
        }
        guard fields.count >= 2 else { throw .malformedBase64 }
        guard fields[1].utf8.count <= maxBase64Length else { throw .tooLong }
        guard let data = Data(base64Encoded: String(fields[1])), !data.isEmpty else { throw .malformedBase64 }
        let blob = [UInt8](data)
        guard firstString(of: blob) == Array(type.utf8) else { throw .typeMismatch(declared: type) }
        let comment = fields.count > 2 ? String(fields[2]).trimmingCharacters(in: .whitespaces) : ""
        guard comment.count <= maxCommentLength else { throw .tooLong }
        guard TerminalSafe.visible(comment) == comment else { throw .unsafeComment }
        return SSHPublicKey(type: type, base64: data.base64EncodedString(), blob: blob, comment: comment)
    }

    /// The key as an authorized_keys key part: `TYPE BASE64` (no comment; Kameng writes its own).
    public var keyPart: String { "\(type) \(base64)" }

    private init(type: String, base64: String, blob: [UInt8], comment: String) {
        self.type = type
        self.base64 = base64
        self.blob = blob
        self.comment = comment
    }

    /// The first SSH wire-format string of the blob (a 4-byte big-endian length, then the bytes).
    private static func firstString(of blob: [UInt8]) -> [UInt8]? {
        guard blob.count >= 4 else { return nil }
        let length = blob[0..<4].reduce(0) { $0 << 8 | Int($1) }
        guard length > 0, blob.count >= 4 + length else { return nil }
        return Array(blob[4..<(4 + length)])
    }

    /// authorized_keys options that take no value, so a line starting with one has no `=` to give it away.
    private static let optionWords: Set<String> = [
        "restrict", "no-pty", "pty", "no-port-forwarding", "port-forwarding", "no-agent-forwarding", "agent-forwarding",
        "no-x11-forwarding", "x11-forwarding", "no-user-rc", "user-rc", "cert-authority", "no-touch-required", "verify-required",
    ]
}
