import ArgumentParser
import Foundation
import KamengDomain
import KamengStorage
import KamengVault

/// `kameng staff key add|remove|list`: the SSH keys that let a person in through `ssh kameng@host`.
struct StaffKeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key", abstract: "A person's SSH keys (admin only to change).", subcommands: [Add.self, Remove.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Bind an OpenSSH public key to a staff member.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The staff name.") var name: String
        @Argument(help: ArgumentHelp("Their public key (.pub file, or - for standard input).", valueName: "file")) var file: String
        @OptionGroup var stepUp: StepUpOptions

        func run() async throws {
            let key = try SSHKeyInput.read(file)
            let (store, me) = try await global.openAsStaff()
            let added = try await store.addSSHKey(key, to: name, by: me, stepUp: try await stepUp.resolve(store, me, for: "add an SSH key"))
            Output.say("SSH key \(added.fingerprint) (\(added.type)) bound to \(added.staffName)")
            try await AuthorizedKeysFile.syncAfterChange(store, as: me)
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Unbind a key (by its SHA256 fingerprint, as `staff key list` shows it).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The staff name.") var name: String
        @Argument(help: ArgumentHelp("The key's fingerprint.", valueName: "SHA256:…")) var fingerprint: String
        @OptionGroup var stepUp: StepUpOptions

        func run() async throws {
            let (store, me) = try await global.openAsStaff()
            try await store.removeSSHKey(fingerprint: fingerprint, from: name, by: me,
                                         stepUp: try await stepUp.resolve(store, me, for: "remove an SSH key"))
            Output.say("SSH key \(fingerprint) of \(name) removed")
            try await AuthorizedKeysFile.syncAfterChange(store, as: me)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A staff member's keys with their fingerprints.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The staff name.") var name: String
        @Flag(help: "Print a JSON array.") var json = false

        func run() async throws {
            let (store, me) = try await global.openAsStaff()
            let keys = try await store.sshKeys(of: name, by: me)
            if json {
                try Output.json(keys.map {
                    StaffKeyJSON(staff: $0.staffName, type: $0.type, fingerprint: $0.fingerprint, comment: $0.comment, addedAt: $0.addedAt)
                })
            } else {
                Output.table(["FINGERPRINT", "TYPE", "COMMENT", "ADDED (UTC)"],
                             keys.map { [$0.fingerprint, $0.type, $0.comment, StoreTime.string($0.addedAt).prefix(19).description] })
            }
        }
    }
}

/// `kameng staff keys sync`: the managed block rewritten from the staff table.
struct StaffKeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "keys", abstract: "The authorized_keys block as a whole.", subcommands: [Sync.self])

    struct Sync: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rewrite Kameng's block of the service account's authorized_keys from the staff table (admin only).",
            discussion: "Lines outside the block are kept as they are. $KAMENG_AUTHORIZED_KEYS overrides the file.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let (store, me) = try await global.openAsStaff()
            let count = try await AuthorizedKeysFile.sync(store, as: me)
            Output.say("\(AuthorizedKeysFile.path): \(count) staff key(s) in Kameng's block")
        }
    }
}

struct StaffKeyJSON: Codable { var staff: String; var type: String; var fingerprint: String; var comment: String; var addedAt: Date }

/// A public key named on the command line: a file, or `-` for standard input (how it arrives over SSH).
enum SSHKeyInput {
    /// A `.pub` line is well under 16 kB; reading stops past this so a wrong file is not slurped whole.
    static let maxBytes = 65_536

    static func read(_ source: String) throws -> SSHPublicKey {
        let shown = source == "-" ? "standard input" : TerminalSafe.visible(source)
        let data: Data
        if source == "-" {
            data = FileHandle.standardInput.readData(ofLength: maxBytes + 1)
        } else {
            guard let handle = FileHandle(forReadingAtPath: source) else {
                throw CLIError(message: "cannot read SSH key file \(shown)", code: 2)
            }
            defer { try? handle.close() }
            data = handle.readData(ofLength: maxBytes + 1)
        }
        guard data.count <= maxBytes else { throw CLIError(message: "\(shown): too large for an SSH public key", code: 2) }
        guard let text = String(validating: data, as: UTF8.self) else { throw CLIError(message: "\(shown): not UTF-8 text", code: 2) }
        do { return try SSHPublicKey.parse(text) } catch {
            throw CLIError(message: "\(shown): \(error.text)", code: 2)
        }
    }
}

// Through `ssh-session` a key comes on standard input only (`-`): the service account could read
// any path it was given, the key file included.
extension StaffCommand.Add: NamesFiles {
    var namedFiles: [NamedFile] { [NamedFile(option: "--ssh-key", path: sshKey)] }
}

extension StaffKeyCommand.Add: NamesFiles {
    var namedFiles: [NamedFile] { [NamedFile(option: "FILE", path: file)] }
}
