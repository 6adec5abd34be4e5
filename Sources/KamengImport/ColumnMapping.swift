import Foundation

/// What one column (or field) of a supplier file holds.
public enum ColumnRole: String, Sendable, Equatable, CaseIterable {
    /// The card number (卡号/账号).
    case number
    /// The secret (卡密/密码): what the buyer receives and what is digested for duplicates.
    case secret
    /// The expiry date; a value that is not a date goes to the note with its column name.
    case expiry
    /// Kept in the note (face value, preview text, remarks).
    case note
    /// Dropped (row ids, creation times, status columns of another shop system's export).
    case ignore
}

/// `--columns`: the operator's answer to "which field is what", by position or by header name.
///
/// By position: `number,secret,note,ignore,expiry` — one role per field, in order; fields beyond
/// the list go to the note. By header name: `secret=卡密,number=卡号` — the first content line is
/// then the header row and must hold each named cell; unnamed columns go to the note.
/// Exactly one column is the secret; at most one the number and one the expiry.
public enum ColumnMapping: Sendable, Equatable {
    case positions([ColumnRole])
    case names([(role: ColumnRole, name: String)])

    /// Parses the argument, or says what is wrong with it (the CLI exits 2 with this message).
    public static func parse(_ argument: String) throws(ColumnMappingError) -> ColumnMapping {
        let items = argument.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard !items.isEmpty, !items.contains(where: \.isEmpty) else { throw .empty }
        let named = items.contains { $0.contains("=") }
        var roles: [ColumnRole] = []
        var names: [(role: ColumnRole, name: String)] = []
        for item in items {
            let parts = item.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let role = ColumnRole(rawValue: parts[0].lowercased()) else { throw .unknownRole(parts[0]) }
            if named {
                guard parts.count == 2, !parts[1].isEmpty else { throw .mixed(item) }
                names.append((role, parts[1]))
            } else {
                roles.append(role)
            }
        }
        let all = named ? names.map(\.role) : roles
        let secrets = all.filter { $0 == .secret }.count
        guard secrets == 1 else { throw secrets == 0 ? .noSecret : .severalSecrets }
        for once in [ColumnRole.number, .expiry] where all.filter({ $0 == once }).count > 1 { throw .repeated(once) }
        return named ? .names(names) : .positions(roles)
    }

    /// The argument that reproduces this mapping.
    public var argument: String {
        switch self {
        case .positions(let roles): return roles.map(\.rawValue).joined(separator: ",")
        case .names(let names): return names.map { "\($0.role.rawValue)=\($0.name)" }.joined(separator: ",")
        }
    }

    public static func == (a: ColumnMapping, b: ColumnMapping) -> Bool { a.argument == b.argument }
}

/// Why a `--columns` argument was not understood.
public enum ColumnMappingError: Error, Sendable, Equatable, CustomStringConvertible {
    case empty
    case unknownRole(String)
    case mixed(String)
    case noSecret
    case severalSecrets
    case repeated(ColumnRole)

    public var description: String {
        let roles = ColumnRole.allCases.map(\.rawValue).joined(separator: ", ")
        switch self {
        case .empty: return "give one role per column, separated by commas (\(roles))"
        case .unknownRole(let word): return "\"\(word)\" is not a column role (\(roles))"
        case .mixed(let item): return "\"\(item)\": name every column as ROLE=HEADER, or none"
        case .noSecret: return "no column is the secret"
        case .severalSecrets: return "only one column can be the secret"
        case .repeated(let role): return "only one column can be the \(role.rawValue)"
        }
    }
}

/// `--separator`: the text between fields, written as itself or by name (`tab`, `space`, `\t`).
public enum SeparatorArgument {
    /// The separator's UTF-8 bytes, or nil when the argument is empty.
    public static func bytes(_ argument: String) -> [UInt8]? {
        let named: [String: String] = ["tab": "\t", "\\t": "\t", "space": " ", "comma": ",", "pipe": "|"]
        let text = named[argument.lowercased()] ?? argument
        return text.isEmpty ? nil : Array(text.utf8)
    }
}
