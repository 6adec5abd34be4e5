import Foundation
import KamengDomain
import KamengTestSupport
import Testing

/// Support rejecting a held order and blacklisting its IP in the same decision, on the real binary in
/// tmux; the blacklist entries are read back from the audit log through the CLI (each one is audited in its transaction).
@Suite("risk pane end to end: reject and blacklist", .enabled(if: TmuxSession.isAvailable), .serialized)
struct RiskBlacklistEndToEndTests {
    static let ip = "198.51.100.77"

    @Test func rejectAHeldOrderAndBlacklistItsIP() throws {
        let demo = try TinyDemo("risk-blacklist")
        let (db, cli) = (demo.db, demo.cli)
        // Fifteen buyers on one IP within minutes: the last ones are held, whatever hour the demo was built.
        let codes = DemoAuthenticator.freshCodes()
        let secret = try TestProgram.run(EndToEndTests.binary, ["substation", "secret", "main-east", "--code", codes.next(), "--db", db], environment: cli)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let lines = (1...15).map { i in
            TestIntake.line(.order(IntakeOrder(orderNo: "E2E-BL-\(i)", product: "QQ-COIN-10", quantity: 1, amount: Money(fen: 990),
                                                 buyer: "bl-buyer-\(i)", ip: Self.ip, device: "bl-dev-\(i)",
                                                 at: Date().addingTimeInterval(Double(i - 15)))),
                              substation: "main-east", secret: secret)
        }
        let file = demo.dir.appendingPathComponent("risky.jsonl").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        _ = try TestProgram.run(EndToEndTests.binary, ["ingest", file, "--db", db], environment: cli)
        func held() throws -> [[String: Any]] {
            let json = try TestProgram.run(EndToEndTests.binary, ["orders", "--status", "flagged", "--limit", "10000", "--json", "--db", db], environment: cli)
            return try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]] ?? []
        }
        let heldBefore = try held()
        try #require(heldBefore.contains { $0["ip"] as? String == Self.ip }, "an ingested order is held")

        let session = try TmuxSession(command: "exec '\(EndToEndTests.binary)' --db '\(db)' --lang en", width: 140, height: 40,
                                      environment: demo.environment.merging(["LANG": "C.UTF-8"]) { $1 })
        defer { session.kill() }
        try session.waitFor("Orders", timeout: .seconds(30))
        try session.type("5")
        // Move the selection down to the first held order from our IP (the queue is by score, then age).
        let queue = try session.waitFor(Self.ip, timeout: .seconds(30))
        let first = try #require(queue.firstIndex { $0.hasPrefix("[ ]") }, "\(queue.joined(separator: "\n"))")
        let ours = try #require(queue.firstIndex { $0.hasPrefix("[ ]") && $0.contains(Self.ip) })
        for _ in first..<ours { try session.sendKeys("Down") }
        let orderNo = try #require(queue[ours].split(separator: "│").map { $0.trimmingCharacters(in: .whitespaces) }.first { $0.hasPrefix("E2E-BL-") })

        try session.type("x")
        try session.waitFor("Reject (refund if paid, cancel if not) \(orderNo)?", timeout: .seconds(30))
        try session.waitFor("[ ] Also blacklist the IP: \(Self.ip)", timeout: .seconds(30))
        try session.type(" ")
        try session.waitFor("[✓] Also blacklist the IP: \(Self.ip)", timeout: .seconds(30))
        try session.sendKeys("Tab")
        try session.sendKeys("Enter")
        let after = try session.waitUntil(timeout: .seconds(30)) { screen in
            screen.contains { $0.contains("Rejected 1 order(s); blacklisted IP") || $0.contains("6-digit code") }
        }
        if after.contains(where: { $0.contains("6-digit code") }) {
            try session.type(codes.next())
            try session.sendKeys("Enter")
            try session.waitFor("Rejected 1 order(s); blacklisted IP", timeout: .seconds(30))
        }
        try session.type("q")

        #expect(try !held().contains { $0["orderNo"] as? String == orderNo }, "no longer held")
        let audit = try TestProgram.run(EndToEndTests.binary, ["audit", "tail", "--limit", "20", "--json", "--db", db], environment: cli)
        let events = try JSONSerialization.jsonObject(with: Data(audit.utf8)) as? [[String: Any]] ?? []
        // The IP's entry, with the rejected order as its reason; and only what was ticked: no buyer, no device.
        #expect(events.contains { $0["action"] as? String == "blacklist.add" && $0["target"] as? String == "blacklist:ip"
            && ($0["detail"] as? String ?? "").hasPrefix("\(Self.ip): rejected order \(orderNo)") })
        #expect(!events.contains { $0["action"] as? String == "blacklist.add" && $0["target"] as? String != "blacklist:ip" },
                "only what was ticked")
        #expect(events.contains { ["order.reject", "order.refund"].contains($0["action"] as? String ?? "") && $0["target"] as? String == "order:\(orderNo)" })
    }
}
