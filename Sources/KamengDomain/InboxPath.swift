/// The names a staff member's inbox (`<data dir>/inbox/<staff>/`) holds, and how a name typed in a
/// remote session's console is found in it. Through ssh the service account, which can read the key
/// file and the database, opens files for the caller: only names inside their inbox, never a path.
public enum InboxPath {
    /// Why a name or path is refused.
    public enum Problem: Error, Equatable, Sendable {
        case empty
        case outside
        case badName(String)

        public var message: String {
            switch self {
            case .empty: "give a file name"
            case .outside: "only files in your inbox can be opened through ssh: type a name from `ssh … inbox list` (fill it with `ssh … inbox put NAME < FILE`)"
            case .badName(let why): why
            }
        }
    }

    /// Whether `name` may be stored in an inbox: a plain file name, no slash, not hidden, no controls.
    public static func checkName(_ name: String) -> Problem? {
        if name.isEmpty { return .empty }
        if name.contains("/") { return .badName("a file name without /") }
        if name.hasPrefix(".") { return .badName("a file name not starting with . (no hidden files, no . or ..)") }
        if name == "-" { return .badName("a file name other than -") }
        if name.utf8.count > 255 { return .badName("a file name of at most 255 bytes") }
        if name.unicodeScalars.contains(where: TerminalSafe.needsEscaping) { return .badName("a file name without control or invisible characters") }
        return nil
    }

    /// `typed` (what the Import pane's path field holds) inside `root`, or why not: relative names
    /// only, no `..`, no `~`, no absolute path.
    public static func resolve(_ typed: String, root: String) -> Result<String, Problem> {
        let trimmed = typed.trimmingBlanks
        if trimmed.isEmpty { return .failure(.empty) }
        if trimmed.hasPrefix("/") || trimmed.hasPrefix("~") { return .failure(.outside) }
        if trimmed.split(separator: "/", omittingEmptySubsequences: false).contains(where: { $0 == ".." }) { return .failure(.outside) }
        return .success(root + "/" + trimmed)
    }
}

extension String {
    fileprivate var trimmingBlanks: String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return String(s)
    }
}
