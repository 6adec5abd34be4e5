import ArgumentParser
import CHardening
import Foundation
import KamengConsole
import KamengDomain
import KamengStorage

#if !os(Linux)
#error("Kameng supports Linux only: it uses glibc, ncursesw and Linux process and file APIs (see README).")
#endif

/// The `kameng` command: the console by default, and a scriptable CLI over the same store.
@main
struct Kameng: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kameng",
        abstract: "Back office for 卡盟 card-key platforms: stock, orders, substations, risk.",
        discussion: """
            Run `kameng demo` for a demo platform with nothing to configure.
            Environment: KAMENG_DB (database path), KAMENG_KEY_FILE (key-encryption key file).
            Run on the host, kameng acts as the service's owner (made by `kameng init`); staff come in over ssh.
            """,
        subcommands: [
            ConsoleCommand.self, InitCommand.self, DemoCommand.self, ProductCommand.self, StockCommand.self,
            ImportCommand.self, BatchCommand.self, IngestCommand.self, OrdersCommand.self, SubstationCommand.self, StaffCommand.self,
            AuditCommand.self, KeysCommand.self, SecurityCommand.self, SimulateCommand.self, OutboxCommand.self, ServeCommand.self,
            WhoamiCommand.self, InboxCommand.self, SSHSessionCommand.self, LedgerCommand.self, ReconcileCommand.self,
        ],
        defaultSubcommand: ConsoleCommand.self)

    /// When `main` began (CLOCK_MONOTONIC ns): the console's frame trace times its first frame from here.
    nonisolated(unsafe) static var startedAt: UInt64 = 0

    static func main() async {
        startedAt = FrameTrace.now()
        // Before anything is opened: a core dump would carry the data key and any revealed key to disk.
        if kameng_disable_core_dumps() != 0 {
            FileHandle.standardError.write(Data("kameng: warning: could not disable core dumps\n".utf8))
        }
        do {
            var command = try parseAsRoot()
            if var command = command as? AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
        } catch let error as StoreError {
            let language = UILanguage.from(environment: ProcessInfo.processInfo.environment)
            FileHandle.standardError.write(Data("kameng: \(safe(error.text(language)))\n".utf8))
            Foundation.exit(1)
        } catch let error as CLIError {
            FileHandle.standardError.write(Data("kameng: \(safe(error.message))\n".utf8))
            Foundation.exit(error.code)
        } catch {
            // Usage errors exit 2 as documented (ArgumentParser's default is 64).
            let code = exitCode(for: error)
            // Usage errors quote what was typed (an unknown option, a bad value): sanitised like the rest.
            let message = safe(fullMessage(for: error))
            if !message.isEmpty {
                (code == .success ? FileHandle.standardOutput : FileHandle.standardError).write(Data((message + "\n").utf8))
            }
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}

/// Error messages quote what the person typed and what the store holds (names, file names), so
/// they pass through the same sanitiser as the tables; line breaks of multi-line messages are kept.
func safe(_ message: String) -> String {
    message.split(separator: "\n", omittingEmptySubsequences: false).map { TerminalSafe.visible(String($0)) }.joined(separator: "\n")
}

/// A failure the CLI reports in one line, with the exit status the docs promise.
struct CLIError: Error {
    var message: String
    var code: Int32 = 1
}
