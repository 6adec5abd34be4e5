/// The command line a staff member sends through `ssh kameng@host …` (sshd hands it over as
/// `$SSH_ORIGINAL_COMMAND`), split into words the way POSIX sh splits them, with no expansion.
///
/// Nothing here ever reaches a shell: the words become a kameng command run in-process. The split
/// follows sh so that what staff type (quotes, backslashes) means what it means in their own shell;
/// whatever sh would treat as syntax (a second command, a redirection, a substitution) is refused
/// rather than guessed at, so a line can never mean more than the one kameng command it reads as.
public enum SSHCommandLine {
    /// The words of `line`, or why it is refused.
    ///
    /// Outside quotes: blanks separate words, a backslash quotes the next character (backslash-newline
    /// joins lines), and `; & | $ < > ( )`, the backquote and a newline are refused. Inside single
    /// quotes everything is literal. Inside double quotes a backslash escapes only `" \ $ `` ` and
    /// newline; `$` and the backquote are kept literally (nothing is expanded).
    public static func parse(_ line: String) -> Result<[String], SSHCommandRefusal> {
        var words: [String] = []
        var word = ""
        var inWord = false
        var characters = Array(line)[...]
        while let c = characters.popFirst() {
            switch c {
            case " ", "\t":
                if inWord { words.append(word); word = ""; inWord = false }
            case "\n", "\r\n":
                return .failure(.newline)
            case ";", "&", "|", "$", "<", ">", "`", "(", ")":
                return .failure(.metacharacter(c))
            case "\\":
                guard let next = characters.popFirst() else { return .failure(.trailingBackslash) }
                if next == "\n" { continue }
                word.append(next)
                inWord = true
            case "'":
                inWord = true
                guard let end = characters.firstIndex(of: "'") else { return .failure(.unterminatedQuote) }
                word += String(characters[characters.startIndex..<end])
                characters = characters[characters.index(after: end)...]
            case "\"":
                inWord = true
                var closed = false
                while let d = characters.popFirst() {
                    if d == "\"" { closed = true; break }
                    if d == "\\", let escaped = characters.first, "\"\\$`\n".contains(escaped) {
                        characters.removeFirst()
                        if escaped != "\n" { word.append(escaped) }
                        continue
                    }
                    word.append(d)
                }
                guard closed else { return .failure(.unterminatedQuote) }
            default:
                word.append(c)
                inWord = true
            }
        }
        if inWord { words.append(word) }
        return .success(words)
    }
}

/// Which kameng words an SSH session may run: a kameng command, never one that administers the
/// service, never an option that changes who is acting or which files are used.
public enum SSHCommandPolicy {
    /// Commands that administer the service itself: run by its owner on the host, never through the door.
    /// Named even where the command does not exist (yet), so adding one cannot open it by accident.
    public static let serviceCommands: Set<String> = ["init", "demo", "serve", "restore", "archive", "ssh-session"]
    /// `keys` subcommands that replace or recover the key-encryption key.
    public static let serviceKeyCommands: Set<String> = ["rotate", "recover"]
    /// Options that would pick another database, key file or staff member.
    public static let identityOptions: [String] = ["--db", "--key-file", "--staff", "--owner"]

    /// Nil when `words` may run; `commands` are the names of kameng's top-level subcommands.
    public static func check(_ words: [String], commands: Set<String>) -> SSHCommandRefusal? {
        guard let first = words.first else { return nil }
        if isAssignment(first) { return .environmentOverride(first) }
        if let word = words.first(where: { $0.hasPrefix("KAMENG_") && isAssignment($0) }) { return .environmentOverride(word) }
        if serviceCommands.contains(first) { return .serviceCommand(first) }
        if first == "keys", let sub = words.dropFirst().first(where: { !$0.hasPrefix("-") }), serviceKeyCommands.contains(sub) {
            return .serviceCommand("keys " + sub)
        }
        guard commands.contains(first) || first == "help" || first == "--help" || first == "-h" else {
            return .notAKamengCommand(first)
        }
        for word in words {
            for option in identityOptions where word == option || word.hasPrefix(option + "=") {
                return .identityOption(option)
            }
        }
        return nil
    }

    /// `NAME=value` as sh reads an environment assignment before a command.
    static func isAssignment(_ word: String) -> Bool {
        guard let equals = word.firstIndex(of: "="), equals != word.startIndex else { return false }
        let name = word[..<equals]
        guard let head = name.unicodeScalars.first, head == "_" || (head.isASCII && head.properties.isAlphabetic) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }
}

/// Why an SSH command line is refused; `message` is the one line the session prints (exit 2).
public enum SSHCommandRefusal: Error, Equatable, Sendable {
    case metacharacter(Character)
    case newline
    case unterminatedQuote
    case trailingBackslash
    case environmentOverride(String)
    case identityOption(String)
    case notAKamengCommand(String)
    case serviceCommand(String)
    /// A file path given to a command through the door (the option or argument, and the path).
    case filePath(option: String, path: String)

    public var message: String {
        switch self {
        case .metacharacter(let c):
            "the character \(c == "`" ? "` (backquote)" : "\(c)") is not allowed outside quotes: commands through ssh are not run by a shell"
        case .newline:
            "a line break is not allowed outside quotes: send one kameng command"
        case .unterminatedQuote:
            "a quote is not closed"
        case .trailingBackslash:
            "the command ends with a backslash"
        case .environmentOverride(let word):
            "\(TerminalSafe.visible(Self.clip(word))): environment overrides are not allowed through ssh"
        case .identityOption(let option):
            "\(option) is not allowed through ssh: the database, the key file and who you are are fixed by your key"
        case .notAKamengCommand(let word):
            "\(TerminalSafe.visible(Self.clip(word))) is not a kameng command (no shell, no file transfer, no forwarding); try: ssh … help"
        case .serviceCommand(let name):
            "\(name) administers the service: run it on the host as the service account, not through ssh"
        case let .filePath(option, path):
            "\(option) \(TerminalSafe.visible(Self.clip(path))): no file paths through ssh; give - (standard input/output), or put the file in your inbox (ssh … inbox put NAME < FILE)"
        }
    }

    /// A refused word is quoted back, but not a whole pasted file of it.
    static func clip(_ word: String) -> String { word.count > 60 ? String(word.prefix(60)) + "…" : word }
}
