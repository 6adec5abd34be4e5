import ArgumentParser
import Foundation
import KamengDomain
import KamengStorage
import KamengVault

/// `--code NNNNNN` for the commands that need a fresh TOTP code (step-up).
struct StepUpOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A fresh code from your authenticator (asked for on the terminal when omitted).", valueName: "NNNNNN"))
    var code: String?

    /// The code to hand to the store: the option, else typed at the terminal. Never logged or echoed
    /// back. Nil when the person has no authenticator, so the store's "enrol first" message is the one shown.
    func resolve(_ store: any KamengEngine, _ me: Staff, for action: String) async throws -> String? {
        if let code { return code.trimmingCharacters(in: .whitespaces) }
        guard try await store.hasAuthenticator(me) else { throw StoreError.notEnrolled(user: me.userName) }
        guard isatty(STDIN_FILENO) == 1 else {
            throw CLIError(message: "\(action) needs a fresh code from your authenticator: pass --code NNNNNN", code: 2)
        }
        Output.ask("Code from your authenticator to \(action): ")
        guard let line = readLine() else { throw CLIError(message: "no code given") }
        return line.trimmingCharacters(in: .whitespaces)
    }
}
