import Foundation
import KamengDomain
import KamengTestSupport
import Testing

/// The risk queue on the real binary in tmux: approve one held order, reject another (typing the demo
/// authenticator's code if the refund needs it), then mark two and approve them together; each checked
/// through the CLI's JSON afterwards.
@Suite("risk pane end to end", .enabled(if: TmuxSession.isAvailable), .serialized)
struct RiskPaneEndToEndTests {
    @Test(arguments: [(120, 40, false), (60, 20, true)])
    func approveRejectAndBulkApprove(width: Int, height: Int, asciiNoColor: Bool) throws {
        let demo = try TinyDemo("risk-e2e")
        defer { withExtendedLifetime(demo) {} }
        let (dir, db, environment, cli) = (demo.dir, demo.db, demo.environment, demo.cli)
        // The demo's own held orders depend on the hour it is built; five more come through the signed
        // intake, whatever the hour: 15 buyers on one IP within minutes, the last five over both limits.
        let codes = DemoAuthenticator.freshCodes()
        let secret = try TestProgram.run(EndToEndTests.binary, ["substation", "secret", "main-east", "--code", codes.next(), "--db", db], environment: cli)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let lines = (1...15).map { i in
            TestIntake.line(.order(IntakeOrder(orderNo: "E2E-RISK-\(i)", product: "QQ-COIN-10", quantity: 1, amount: Money(fen: 990),
                                                 buyer: "farm-buyer-\(i)", ip: "198.51.100.9", device: "dev-e2e-\(i)",
                                                 at: Date().addingTimeInterval(Double(i - 15)))),
                              substation: "main-east", secret: secret)
        }
        let file = dir.appendingPathComponent("risky.jsonl").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        _ = try TestProgram.run(EndToEndTests.binary, ["ingest", file, "--db", db], environment: cli)
        func held() throws -> Int {
            let json = try TestProgram.run(EndToEndTests.binary, ["orders", "--status", "flagged", "--limit", "10000", "--json", "--db", db], environment: cli)
            return (try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [Any])?.count ?? -1
        }
        let before = try held()
        try #require(before >= 4, "the tiny demo plus five ingested risky orders")

        let flags = asciiNoColor ? " --ascii --no-color" : ""
        let session = try TmuxSession(command: "exec '\(EndToEndTests.binary)' --db '\(db)' --lang en\(flags)", width: width, height: height,
                                      environment: environment.merging(["LANG": "C.UTF-8"]) { $1 })
        defer { session.kill() }
        try session.waitFor("Orders", timeout: .seconds(30))
        try session.type("5")
        try session.waitFor("\(before) held orders", timeout: .seconds(30))

        // Approve the first.
        try session.type("a")
        try session.waitFor("Approve and deliver", timeout: .seconds(30))
        try session.sendKeys("Tab")
        try session.sendKeys("Enter")
        try session.waitFor("Approved 1 order", timeout: .seconds(30))
        #expect(try held() == before - 1)

        // Reject the next; a large paid one asks for the authenticator code.
        try session.type("x")
        try session.waitFor("Reject (refund", timeout: .seconds(30))
        try session.sendKeys("Tab")
        try session.sendKeys("Enter")
        let after = try session.waitUntil(timeout: .seconds(30)) { screen in
            screen.contains { $0.contains("Rejected 1 order") || $0.contains("6-digit code") }
        }
        if after.contains(where: { $0.contains("6-digit code") }) {
            try session.type(codes.next())
            try session.sendKeys("Enter")
            try session.waitFor("Rejected 1 order", timeout: .seconds(30))
        }
        #expect(try held() == before - 2)

        // Mark two and approve them in one decision.
        try session.type(" ")
        try session.sendKeys("Down")
        try session.type(" ")
        try session.waitFor("2 marked", timeout: .seconds(30))
        try session.type("a")
        try session.waitFor("Approve and deliver", timeout: .seconds(30))
        try session.sendKeys("Tab")
        try session.sendKeys("Enter")
        try session.waitFor("Approved 2 order", timeout: .seconds(30))
        #expect(try held() == before - 4)
        try session.type("q")

        let audit = try TestProgram.run(EndToEndTests.binary, ["audit", "tail", "--limit", "50", "--json", "--db", db], environment: cli)
        #expect(audit.contains("order.approve") && (audit.contains("order.refund") || audit.contains("order.reject")))
    }
}
