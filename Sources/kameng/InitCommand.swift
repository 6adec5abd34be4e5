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
        Output.say("\(name) is the owner (admin); kameng run on this host acts as \(name). Next: kameng staff totp enroll (sensitive actions need a code from it), then kameng staff add NAME --role operator|support|oncall")
    }
}

/// `kameng staff add|list`.
struct StaffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "staff", abstract: "Who may use Kameng, and as what.",
                                                    subcommands: [Add.self, List.self, TOTPCommand.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Give an OS user access with a role (admin only).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The OS user name.") var name: String
        @Option(help: "operator, support, oncall or admin.") var role: RoleArgument
        @OptionGroup var stepUp: StepUpOptions

        func run() async throws {
            let (store, me) = try await global.openAsStaff()
            let code = try await stepUp.resolve(store, me, for: "add staff")
            let added = try await store.addStaff(userName: name, role: role.role, by: me, stepUp: code)
            Output.say("\(added.userName) is now \(added.role.rawValue)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List staff.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print a JSON array.") var json = false

        func run() async throws {
            let (store, _) = try await global.openAsStaff()
            let staff = try await store.allStaff()
            if json {
                try Output.json(staff.map { StaffJSON(user: $0.userName, role: $0.role.rawValue, active: $0.active) })
            } else {
                Output.table(["USER", "ROLE", "ACTIVE"], staff.map { [$0.userName, $0.role.rawValue, $0.active ? "yes" : "no"] })
            }
        }
    }
}

struct StaffJSON: Codable { var user: String; var role: String; var active: Bool }

import KamengDomain

/// A role named on the command line.
struct RoleArgument: ExpressibleByArgument {
    var role: Role
    init?(argument: String) {
        guard let role = Role(rawValue: argument.lowercased()) else { return nil }
        self.role = role
    }
    static var allValueStrings: [String] { Role.allCases.map(\.rawValue) }
}
