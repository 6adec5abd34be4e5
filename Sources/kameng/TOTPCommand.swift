import ArgumentParser
import Foundation
import KamengDomain
import KamengStorage
import KamengVault

/// `kameng staff totp enroll|reset`: the authenticator behind step-up.
struct TOTPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "totp", abstract: "Your authenticator (TOTP) for step-up: reveal, export, void, large refunds, staff changes.",
        subcommands: [Enroll.self, Reset.self])

    struct Enroll: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Enrol an authenticator for yourself; shows its secret once.",
            discussion: "The first enrolment needs no code; replacing an authenticator needs a code from the current one.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var stepUp: StepUpOptions

        func run() async throws {
            let (store, me) = try await global.openAsStaff()
            let code = try await store.hasAuthenticator(me) ? try await stepUp.resolve(store, me, for: "replace your authenticator") : nil
            let enrolment = try await store.enrolTOTP(for: me, stepUp: code)
            Output.say("""
                Authenticator enrolled for \(me.userName). Add it to your app now; it is shown only this once.
                  secret: \(enrolment.secretBase32)
                  uri:    \(enrolment.uri)
                (SHA-1, 6 digits, 30 s. Sensitive actions will ask for a code from it.)
                """)
        }
    }

    struct Reset: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove another person's authenticator (lost phone) so they can enrol again (admin).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The staff name.") var name: String
        @OptionGroup var stepUp: StepUpOptions

        func run() async throws {
            let (store, me) = try await global.openAsStaff()
            try await store.resetTOTP(userName: name, by: me, stepUp: try await stepUp.resolve(store, me, for: "reset an authenticator"))
            Output.say("Authenticator of \(name) removed; they can run `kameng staff totp enroll` again.")
        }
    }
}
