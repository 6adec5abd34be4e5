import Foundation
import KamengTestSupport
import Testing

/// On-call's walk on the real binary in tmux: open the substation pane, suspend the selected substation
/// (confirm on the second button), see it in the CLI's JSON, resume it, and find both in the audit log.
@Suite("substations pane end to end", .enabled(if: TmuxSession.isAvailable), .serialized)
struct SubstationsPaneEndToEndTests {
    @Test(arguments: [(120, 40, false), (60, 20, true)])
    func suspendAndResume(width: Int, height: Int, asciiNoColor: Bool) throws {
        let demo = try TinyDemo("sub-e2e")
        defer { withExtendedLifetime(demo) {} }
        let (db, environment, cliEnvironment) = (demo.db, demo.environment, demo.cli)
        func status(_ code: String) throws -> String? {
            let json = try TestProgram.run(EndToEndTests.binary, ["substation", "list", "--json", "--db", db], environment: cliEnvironment)
            let rows = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]] ?? []
            return rows.first { $0["code"] as? String == code }?["status"] as? String
        }
        let flags = asciiNoColor ? " --ascii --no-color" : ""
        let session = try TmuxSession(command: "exec '\(EndToEndTests.binary)' --db '\(db)' --lang en\(flags)",
                                      width: width, height: height, environment: environment.merging(["LANG": "C.UTF-8"]) { $1 })
        defer { session.kill() }
        try session.waitFor("Orders", timeout: .seconds(30))
        try session.type("4")
        let list = try session.waitFor("substations:", timeout: .seconds(30))
        // The first row is the worst one; open its detail to learn its code.
        try session.sendKeys("Enter")
        let detail = try session.waitFor("Esc back to the list", timeout: .seconds(30))
        let code = String(detail[2].split(separator: " ").first ?? "")
        #expect(!code.isEmpty, "detail: \(detail.joined(separator: "\n")) list: \(list.joined(separator: "\n"))")
        try session.sendKeys("Escape")
        try session.waitFor("substations:", timeout: .seconds(30))

        try session.type("s")
        try session.waitFor("Suspend substation \(code)", timeout: .seconds(30))
        try session.sendKeys("Enter")  // focus starts on Cancel: nothing happens
        try session.type("s")
        try session.sendKeys("Tab")
        try session.sendKeys("Enter")
        try session.waitFor("Substation \(code) suspended", timeout: .seconds(30))
        #expect(try status(code) == "suspended")

        try session.type("r")
        try session.waitFor("Resume substation \(code)", timeout: .seconds(30))
        try session.sendKeys("Tab")
        try session.sendKeys("Enter")
        try session.waitFor("Substation \(code) resumed", timeout: .seconds(30))
        #expect(try status(code) == "active")
        try session.type("q")

        let audit = try TestProgram.run(EndToEndTests.binary, ["audit", "tail", "--json", "--db", db], environment: cliEnvironment)
        #expect(audit.contains("substation.suspend") && audit.contains("substation.resume"))
    }
}
