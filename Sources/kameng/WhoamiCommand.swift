import ArgumentParser
import Foundation
import KamengDomain
import KamengStorage

/// `kameng whoami [--json]`: the staff member this run acts as, their role, and whether they came in
/// through ssh (`kameng ssh-session`) or run on the host (the owner).
struct WhoamiCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "whoami", abstract: "Who you are to Kameng: staff name, role, and whether you came in over ssh.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print {\"staff\": NAME, \"role\": ROLE, \"via\": \"ssh\"|\"local\"}.") var json = false

    func run() async throws {
        let (_, me) = try await global.openAsStaff()
        if json { return try Output.json(WhoamiJSON(staff: me.userName, role: me.role.rawValue, via: Identity.via)) }
        let chinese = UILanguage.from(environment: ProcessInfo.processInfo.environment) == .zh
        let name = TerminalSafe.visible(me.userName)
        if chinese {
            Output.say("\(name)（角色 \(me.role.rawValue)，\(Identity.remote == nil ? "本机运行" : "经 ssh 登录")）")
        } else {
            Output.say("\(name) (role \(me.role.rawValue), \(Identity.remote == nil ? "local" : "via ssh"))")
        }
    }
}

/// The documented JSON of `kameng whoami --json`.
struct WhoamiJSON: Codable { var staff: String; var role: String; var via: String }
