import ArgumentParser
import Foundation
import KamengDomain
import KamengStorage

/// `kameng staff add|list|disable|remove|key|keys|totp`: who may use Kameng, as what, and with which SSH keys.
struct StaffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff", abstract: "Who may use Kameng, and as what.",
        subcommands: [Add.self, List.self, Disable.self, Remove.self, StaffKeyCommand.self, StaffKeysCommand.self, TOTPCommand.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Give a person access with a role and their SSH key (admin only).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The staff name (letters, digits, _ - .).") var name: String
        @Option(help: "operator, support, oncall, finance or admin.") var role: RoleArgument
        @Option(name: .customLong("ssh-key"), help: ArgumentHelp("Their OpenSSH public key (.pub file, or - for standard input).", valueName: "file"))
        var sshKey: String?
        @OptionGroup var stepUp: StepUpOptions

        func run() async throws {
            let key = try sshKey.map(SSHKeyInput.read)
            let (store, me) = try await global.openAsStaff()
            let code = try await stepUp.resolve(store, me, for: "add staff")
            let added = try await store.addStaff(userName: name, role: role.role, sshKeys: key.map { [$0] } ?? [], by: me, stepUp: code)
            Output.say("\(added.userName) is now \(added.role.rawValue)")
            if let key { Output.say("SSH key \(key.fingerprint) (\(key.type)) bound to \(added.userName)") }
            try await AuthorizedKeysFile.syncAfterChange(store, as: me)
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

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stop a person's access now, keeping their keys on file (admin only).",
            discussion: "Their lines leave authorized_keys at once and their open sessions end within 5 seconds.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The staff name.") var name: String
        @OptionGroup var stepUp: StepUpOptions

        func run() async throws {
            let (store, me) = try await global.openAsStaff()
            try await store.disableStaff(userName: name, by: me, stepUp: try await stepUp.resolve(store, me, for: "disable staff"))
            Output.say("\(name) is disabled; their SSH keys no longer open Kameng")
            try await AuthorizedKeysFile.syncAfterChange(store, as: me)
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a person: access stopped and their SSH keys deleted (admin only).",
            discussion: "The staff row stays, inactive, so the audit log still names them.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The staff name.") var name: String
        @OptionGroup var stepUp: StepUpOptions

        func run() async throws {
            let (store, me) = try await global.openAsStaff()
            try await store.removeStaff(userName: name, by: me, stepUp: try await stepUp.resolve(store, me, for: "remove staff"))
            Output.say("\(name) is removed; their SSH keys are deleted")
            try await AuthorizedKeysFile.syncAfterChange(store, as: me)
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
