import ArgumentParser
import Foundation
import KamengDomain
import KamengStorage

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

/// A role named on the command line.
struct RoleArgument: ExpressibleByArgument {
    var role: Role
    init?(argument: String) {
        guard let role = Role(rawValue: argument.lowercased()) else { return nil }
        self.role = role
    }
    static var allValueStrings: [String] { Role.allCases.map(\.rawValue) }
}
