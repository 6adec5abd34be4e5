import ArgumentParser
import Foundation
import KamengDomain
import KamengStore

/// `kameng staff totp enroll|reset`: the authenticator behind step-up.
struct TOTPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "totp", abstract: "Your authenticator (TOTP) for step-up: reveal, export, void, large refunds, staff changes.",
        subcommands: [Enroll.self, Reset.self])

    struct Enroll: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Enrol an authenticator for yourself; shows its secret once.",
            discussion: "The first enrolment needs no code; replacing an authenticator needs a code from the current one.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var stepUp: StepUpOptions

        func run() throws {
            let (store, me) = try global.openAsStaff()
            let code = try store.hasAuthenticator(me) ? try stepUp.resolve(store, me, for: "replace your authenticator") : nil
            let enrolment = try store.enrolTOTP(for: me, stepUp: code)
            Output.say("""
                Authenticator enrolled for \(me.userName). Add it to your app now; it is shown only this once.
                  secret: \(enrolment.secretBase32)
                  uri:    \(enrolment.uri)
                (SHA-1, 6 digits, 30 s. Sensitive actions will ask for a code from it.)
                """)
        }
    }

    struct Reset: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove another person's authenticator (lost phone) so they can enrol again (admin).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The OS user name.") var name: String
        @OptionGroup var stepUp: StepUpOptions

        func run() throws {
            let (store, me) = try global.openAsStaff()
            try store.resetTOTP(userName: name, by: me, stepUp: try stepUp.resolve(store, me, for: "reset an authenticator"))
            Output.say("Authenticator of \(name) removed; they can run `kameng staff totp enroll` again.")
        }
    }
}
