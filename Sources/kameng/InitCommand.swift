import ArgumentParser
import Foundation
import KamengSQLite
import KamengStorage
import KamengVault

/// `kameng init`: a new database, a key file if there is none, and the running user as its admin.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Create a new Kameng database; you become its admin.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        guard !global.readOnly else { throw CLIError(message: "--readonly: init creates a database and cannot be read-only", code: 2) }
        let keyExisted = FileManager.default.fileExists(atPath: global.keyFilePath)
        _ = try SQLiteEngine.create(at: global.databasePath, keyFilePath: global.keyFilePath, adminUser: CurrentUser.name)
        Output.say("Created \(global.databasePath)")
        Output.say(keyExisted ? "Using key file \(global.keyFilePath)" : "Created key file \(global.keyFilePath) (mode 0600). Back it up apart from the database: without it no secret can be read.")
        Output.say("\(CurrentUser.name) is admin. Next: kameng staff totp enroll (sensitive actions need a code from it), then kameng staff add NAME --role operator|support|oncall")
    }
}
