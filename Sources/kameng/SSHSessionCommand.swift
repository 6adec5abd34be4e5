import ArgumentParser
import Foundation
import KamengDomain
import KamengSQLite
import KamengStorage

/// `kameng ssh-session --staff NAME`: the forced command sshd runs for a staff member's key
/// (`restrict,pty,command="…/kameng ssh-session --staff NAME" KEY` in the service account's
/// authorized_keys). No command: the console as NAME. Otherwise `$SSH_ORIGINAL_COMMAND`, split as sh
/// splits it and checked by `SSHCommandPolicy`, runs in this process as a kameng command for NAME.
/// Nothing is handed to a shell; KAMENG_DB and KAMENG_KEY_FILE are not read (only this command's own
/// --db and --key-file, written by the admin in authorized_keys, else the service account's defaults).
struct SSHSessionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ssh-session",
        abstract: "The forced command of a staff member's SSH key: runs their command (or the console) as them.",
        discussion: "Put in the service account's ~/.ssh/authorized_keys, not run by hand. See Docs/CLI.md and Docs/Deploy.md.",
        shouldDisplay: false)

    @Option(help: ArgumentHelp("The staff member this key belongs to.", valueName: "name")) var staff: String
    @Option(name: .long, help: ArgumentHelp("Database file (default: $XDG_DATA_HOME/kameng/kameng.sqlite of the service account).", valueName: "path"))
    var db: String?
    @Option(name: .long, help: ArgumentHelp("Key-encryption key file (default: $XDG_CONFIG_HOME/kameng/master.key).", valueName: "path"))
    var keyFile: String?
    @Option(help: ArgumentHelp("How often, in seconds, the session checks that NAME still has access.", visibility: .hidden))
    var checkInterval: Double = 1

    func run() async throws {
        let line = ProcessInfo.processInfo.environment["SSH_ORIGINAL_COMMAND"] ?? ""
        let words: [String]
        switch SSHCommandLine.parse(line) {
        case .success(let parsed): words = parsed
        case .failure(let refusal): throw CLIError(message: refusal.message, code: 2)
        }
        if let refusal = SSHCommandPolicy.check(words, commands: Kameng.commandNames) { throw CLIError(message: refusal.message, code: 2) }
        var command = try Kameng.parseAsRoot(words.isEmpty ? ["console"] : words)
        if let refusal = Self.refusal(of: command) { throw CLIError(message: refusal.message, code: 2) }

        let databasePath = db.map(GlobalOptions.absolute) ?? Paths.dataDirectory + "/kameng.sqlite"
        let keyFilePath = keyFile.map(GlobalOptions.absolute) ?? Paths.configDirectory + "/master.key"
        GlobalOptions.announceUpgrade(of: databasePath)
        let engine = try SQLiteEngine.open(at: databasePath, keyFilePath: keyFilePath)
        // An unknown or disabled NAME stops here (exit 1, "no such staff member"), before any command runs.
        _ = try await engine.staff(userName: staff)
        Identity.remote = Identity.Remote(staff: staff, databasePath: databasePath, keyFilePath: keyFilePath, engine: engine)
        SessionWatch.start(engine: engine, staff: staff, interval: .milliseconds(Int(max(checkInterval, 0.05) * 1000)))
        if var async = command as? AsyncParsableCommand {
            try await async.run()
        } else {
            try command.run()
        }
    }

    /// What the word check cannot see: a service command reached another way, or a file path in an
    /// option or argument (the one place paths are refused; the commands list theirs in `NamesFiles`).
    static func refusal(of command: ParsableCommand) -> SSHCommandRefusal? {
        let type = type(of: command)
        if serviceTypes.contains(where: { $0 == type }) { return .serviceCommand(type._commandName) }
        guard let named = command as? NamesFiles else { return nil }
        for file in named.namedFiles {
            guard let path = file.path else { continue }
            switch file.kind {
            case .stream where path != "-": return .filePath(option: file.option, path: path)
            case .name where path.contains("/") || path.hasPrefix("~") || path.hasPrefix("."): return .filePath(option: file.option, path: path)
            default: continue
            }
        }
        return nil
    }

    static let serviceTypes: [ParsableCommand.Type] = [InitCommand.self, DemoCommand.self, SSHSessionCommand.self, KeysCommand.Rotate.self]
}

/// A command whose options or arguments name files. Through ssh the service account would open them
/// for the caller (and it can read the key file), so `SSHSessionCommand.refusal(of:)` allows only `-`.
protocol NamesFiles {
    var namedFiles: [NamedFile] { get }
}

/// One option or argument that names a file, as the command was given it.
struct NamedFile {
    enum Kind {
        /// A file read or written: through ssh only `-` (standard input or output).
        case stream
        /// A name looked up in a directory of Kameng's (a theme): through ssh no path in it.
        case name
    }
    var option: String
    var path: String?
    var kind: Kind = .stream
}

extension Kameng {
    /// The top-level subcommand names, which are all an SSH command may start with.
    static var commandNames: Set<String> { Set(configuration.subcommands.map { $0._commandName }) }
}
