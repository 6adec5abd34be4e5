import ArgumentParser
import Foundation
import KamengDomain
import KamengSQLite
import KamengStorage
import KamengVault

/// `kameng init`: a new database, a key file if there is none, and its owner: an admin staff row that
/// every local run (on the host, as the service account) acts as.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create a new Kameng database with its owner, an admin whom local runs act as.",
        discussion: "Run it as the service account (`kameng` in Docs/Deploy.md). Staff then come in over ssh, each as their own staff member.")

    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("The owner's staff name (default: the OS account running init).", valueName: "name")) var owner: String?

    func run() async throws {
        guard !global.readOnly else { throw CLIError(message: "--readonly: init creates a database and cannot be read-only", code: 2) }
        let name = owner ?? CurrentUser.name
        guard Staff.isValidUserName(name) else {
            throw CLIError(message: "--owner: \"\(name)\" is not a valid staff name (letters, digits, _ - ., up to 32, not starting with -)", code: 2)
        }
        let keyExisted = FileManager.default.fileExists(atPath: global.keyFilePath)
        _ = try SQLiteEngine.create(at: global.databasePath, keyFilePath: global.keyFilePath, adminUser: name)
        Output.say("Created \(TerminalSafe.visible(global.databasePath))")
        Output.say(keyExisted ? "Using key file \(TerminalSafe.visible(global.keyFilePath))" : "Created key file \(TerminalSafe.visible(global.keyFilePath)) (mode 0600). Back it up apart from the database: without it no secret can be read.")
        Output.say("\(name) is the owner (admin); kameng run on this host acts as \(name). Next: kameng staff totp enroll (sensitive actions need a code from it), then kameng staff add NAME --role operator|support|oncall|finance")
    }
}
