import ArgumentParser
import Foundation
import KamengConfig
import KamengConsole
import KamengDomain
import KamengStorage
import TerminalUI

/// `kameng` / `kameng console`: the five-pane console over --db.
struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console", abstract: "Open the console (the default when no subcommand is given).")

    @OptionGroup var global: GlobalOptions
    @OptionGroup var console: ConsoleOptions

    func run() async throws {
        let (engine, me) = try await global.openAsStaff()
        // Through ssh the Import pane sees only the caller's inbox: the service account can read the key file.
        let inbox = Identity.remote.map { Identity.inbox(databasePath: $0.databasePath, staff: me.userName) }
        if let inbox { try Inbox.ensureDirectory(inbox) }
        try await console.launch(engine: engine, staff: me, fileRoot: inbox)
        if SessionWatch.accessRemoved { throw SessionWatch.removedError }
    }
}

extension ConsoleCommand: NamesFiles {
    var namedFiles: [NamedFile] { [NamedFile(option: "--theme", path: console.theme, kind: .name)] }
}

/// How the console looks: shared by `kameng console` and `kameng demo`.
struct ConsoleOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Colour theme: \(BuiltinThemes.names.joined(separator: ", ")), or NAME.toml in $XDG_CONFIG_HOME/kameng/themes (default: config.toml's theme, else default-dark).", valueName: "name"))
    var theme: String?

    @Flag(name: .customLong("no-color"), help: "No colours, attributes only (also when NO_COLOR is set).")
    var noColor = false

    @Flag(help: "ASCII frames and symbols, for terminals that draw box characters two cells wide.")
    var ascii = false

    @Option(help: ArgumentHelp("Interface language: zh or en (default: from LC_ALL, LC_MESSAGES, LANG).", valueName: "zh|en"))
    var lang: String?

    /// Runs the console on `engine` as `staff` until the user quits; the terminal is restored on every
    /// exit path. `fileRoot`: the only directory the Import pane may open files in (nil: anywhere).
    func launch(engine: any KamengEngine, staff: Staff, fileRoot: String? = nil) async throws {
        let environment = ProcessInfo.processInfo.environment
        let config: ConfigFile
        do {
            config = try ConfigFile.defaultPath(environment: environment).map(ConfigFile.load(path:)) ?? ConfigFile()
        } catch {
            throw CLIError(message: error.description, code: 2)
        }
        guard let language = UILanguage.resolve(flag: lang ?? config.lang, environment: environment) else {
            throw CLIError(message: "--lang: \"\(lang ?? config.lang ?? "")\" is not zh or en", code: 2)
        }
        let keymaps: ConsoleKeymaps
        switch ConsoleKeymaps(language: language).applying(overrides: config.keys) {
        case let .success(applied): keymaps = applied
        case let .failure(problems):
            let file = ConfigFile.defaultPath(environment: environment) ?? "config.toml"
            throw CLIError(message: "\(file) [keys]:\n  " + problems.lines.joined(separator: "\n  "), code: 2)
        }
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw CLIError(message: "the console needs a terminal; for scripts use the subcommands (kameng --help)", code: 2)
        }
        let loader = ThemeLoader(environment: environment, themesDirectory: Self.themesDirectory())
        let loaded: Theme
        do {
            loaded = try loader.load(theme ?? config.theme ?? "default-dark").theme
        } catch {
            throw CLIError(message: "--theme: \(error.description)", code: 2)
        }
        let noColor = noColor || !(environment["NO_COLOR"] ?? "").isEmpty
        var state = ConsoleState(language: language, glyphs: ascii ? .ascii : .unicode,
                                 timeZone: ConsoleClock.timeZone(environment: environment), keymaps: keymaps)
        state.readOnly = engine.isReadOnly
        state.role = staff.role
        state.signedIn = staff.userName
        state.reports.coverDays = config.reportCoverDays
        let session = ConsoleSession(engine: engine, staff: staff, userName: staff.userName, healthRules: config.health, fileRoot: fileRoot)
        let theme = noColor ? Theme.plain : loaded, initial = state
        // KAMENG_FRAME_TRACE names a file to write: not honoured through ssh (no KAMENG_* variable is).
        let traced = Identity.remote == nil
        // The loop blocks the thread it runs on, waiting for keys: a thread of its own, not one of the
        // cooperative pool's (as wide as the machine has cores), which the engine's work needs.
        try await Self.onOwnThread {
            let backend = try NcursesBackend(theme: theme, monochrome: noColor)
            // Every pane's data client over the engine; KAMENG_FRAME_TRACE=path: key-to-frame timing for
            // `kameng-bench console` (off unless set).
            let app = ConsoleApp(state: initial, backend: backend, clients: .live(session), changes: { engine.changes(every: $0) },
                                 trace: traced ? FrameTrace.fromEnvironment(environment, startedAt: Kameng.startedAt) : nil)
            app.run()
            // The loop has stopped and the terminal is restored (endwin: off the alternate screen, so a
            // revealed key is gone with it); a signal still ends the process as a signal should.
            if let signal = backend.interruptedBy {
                throw CLIError(message: "interrupted by signal \(signal); the terminal was restored", code: 128 + signal)
            }
        }
    }

    /// Runs `body` on a new thread and returns when it has finished (rethrowing what it threw).
    private static func onOwnThread(_ body: @escaping @Sendable () throws -> Void) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            let thread = Thread {
                do {
                    try body()
                    done.resume()
                } catch {
                    done.resume(throwing: error)
                }
            }
            thread.name = "kameng console"
            thread.start()
        }
    }

    /// The repository's or the installed `Themes` directory: next to the executable or a few levels up
    /// (`.build/debug/kameng` → repo root), then `../share/kameng/Themes`, then the working directory.
    static func themesDirectory() -> String? {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var candidates: [URL] = []
        var directory = executable.deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(directory.appendingPathComponent("Themes"))
            directory = directory.deletingLastPathComponent()
        }
        candidates.append(executable.deletingLastPathComponent().appendingPathComponent("../share/kameng/Themes"))
        candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Themes"))
        var isDirectory: ObjCBool = false
        return candidates.first {
            FileManager.default.fileExists(atPath: $0.path, isDirectory: &isDirectory) && isDirectory.boolValue
        }?.standardizedFileURL.path
    }
}
