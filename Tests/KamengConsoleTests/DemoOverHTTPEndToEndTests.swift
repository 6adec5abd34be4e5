import Foundation
import KamengTestSupport
import TerminalUI
import Testing

/// The live demo goes through HTTP: `kameng demo` in tmux runs the substation API in-process, its
/// simulated shops send signed requests to it, the Orders pane lists the orders as they arrive, the
/// Substations pane shows API figures, and the audit log names the API (`api:CODE`) as the intake's
/// actor. The real binary at 160×40; every wait polls the screen or the CLI.
@Suite("end to end: the live demo over HTTP", .enabled(if: TmuxSession.isAvailable), .serialized)
struct DemoOverHTTPEndToEndTests {
    struct AuditRow: Decodable { var actor: String; var action: String }

    @Test func ordersArriveThroughTheAPIAndTheSubstationsPaneShowsItsFigures() throws {
        let demo = try TinyDemo("demo-http")
        let tmux = try TmuxSession(command: "\(EndToEndTests.binary) demo --size tiny --rate 20 --db '\(demo.db)'", width: 160, height: 40,
                                   environment: demo.environment.merging(["LANG": "en_US.UTF-8", "TZ": "UTC"]) { $1 })
        let pattern = #"SIM[0-9A-Za-z]+-[0-9]+"#
        try tmux.waitUntil("the console open", timeout: 90) { $0.joined().contains("1 Import") }
        try tmux.send("3")
        try tmux.waitUntil("live orders listed", timeout: 60) { screen in
            screen.dropFirst(4).filter { $0.range(of: pattern, options: .regularExpression) != nil }.count >= 3
        }
        // They came through the API: the intake's groups are audited by api:CODE, not by a person.
        func auditedByAPI() throws -> Bool {
            let json = try TestProgram.run(EndToEndTests.binary, ["audit", "tail", "--limit", "200", "--json", "--db", demo.db], environment: demo.cli)
            return try JSONDecoder().decode([AuditRow].self, from: Data(json.utf8))
                .contains { $0.action == "intake.group" && $0.actor.hasPrefix("api:") }
        }
        let deadline = Date().addingTimeInterval(60)
        while try !auditedByAPI() {
            guard Date() < deadline else { Issue.record("no intake.group audit row by api:CODE"); break }
            usleep(200_000)
        }
        try tmux.send("4")
        // "requests/rejects" in the API column once the server has flushed its counts (every few seconds).
        let pane = try tmux.waitUntil("API figures in the Substations pane", timeout: 90) { screen in
            screen.contains { $0.range(of: #"│ *[1-9][0-9]*/[0-9]+│"#, options: .regularExpression) != nil }
        }
        #expect(pane.contains { $0.contains("API 5m") && $0.contains("Outbox") })
        try tmux.send("q")
    }
}
