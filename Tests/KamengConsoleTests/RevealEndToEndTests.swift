import Foundation
import KamengDomain
import KamengTestSupport
import Testing

/// Support's walk on the real binary in tmux: find an order by number with `/`, open it, reveal its
/// keys with a reason and the demo authenticator's code, watch them hide again, and find the audit row.
@Suite("reveal end to end", .enabled(if: TmuxSession.isAvailable), .serialized)
struct RevealEndToEndTests {
    @Test func findAnOrderAndRevealItsKeys() throws {
        let demo = try TinyDemo("reveal-e2e")
        defer { withExtendedLifetime(demo) {} }
        let (db, environment, cli) = (demo.db, demo.environment, demo.cli)
        let listed = try TestProgram.run(EndToEndTests.binary, ["orders", "--status", "delivered", "--limit", "40", "--json", "--db", db], environment: cli)
        let orders = try JSONSerialization.jsonObject(with: Data(listed.utf8)) as? [[String: Any]] ?? []
        // An older order: finding it must take the filter, not luck on the first screen.
        let orderNo = try #require(orders.last?["orderNo"] as? String)

        let session = try TmuxSession(command: "exec '\(EndToEndTests.binary)' --db '\(db)' --lang en", width: 120, height: 40,
                                      environment: environment.merging(["LANG": "C.UTF-8"]) { $1 })
        defer { session.kill() }
        try session.waitFor("Order no", timeout: .seconds(30))
        try session.type("/")
        try session.type(orderNo)
        try session.sendKeys("Enter")
        try session.waitUntil(timeout: .seconds(30)) { screen in screen.count > 4 && screen[4].hasPrefix(orderNo) && !screen[5].contains("│") }
        try session.sendKeys("Enter")
        try session.waitFor("Timeline", timeout: .seconds(30))
        try session.type("v")
        try session.waitFor("Why you reveal these keys", timeout: .seconds(30))
        try session.type("buyer says nothing arrived, ticket 4417")
        try session.sendKeys("Enter")
        try session.waitFor("6-digit code", timeout: .seconds(30))
        try session.type(DemoAuthenticator.code())
        try session.sendKeys("Enter")
        let shown = try session.waitFor("hide again in 30 s", timeout: .seconds(30))
        let keyLines = shown.filter { $0.contains("secret") && $0.contains("#") }
        #expect(!keyLines.isEmpty && keyLines.allSatisfy { !$0.contains(CardKey.secretMask) }, "\(shown.joined(separator: "\n"))")
        try session.sendKeys("Escape")
        try session.waitUntil(timeout: .seconds(30)) { screen in !screen.contains { $0.contains("hide again") } }
        try session.type("q")

        let audit = try TestProgram.run(EndToEndTests.binary, ["audit", "tail", "--json", "--db", db], environment: cli)
        #expect(audit.contains("key.reveal") && audit.contains("order:\(orderNo)") && audit.contains("ticket 4417"))
    }
}
