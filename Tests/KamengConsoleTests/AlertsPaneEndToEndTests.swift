import Foundation
import KamengTestSupport
import Testing

/// An operator's walk on the real binary in tmux: open the alerts, acknowledge the most urgent one, see
/// it leave the list (and come back with `h`), and find the audit row.
@Suite("alerts pane end to end", .enabled(if: TmuxSession.isAvailable), .serialized)
struct AlertsPaneEndToEndTests {
    @Test(arguments: [(120, 40, false), (60, 20, true)])
    func acknowledgeAnAlert(width: Int, height: Int, asciiNoColor: Bool) throws {
        let demo = try TinyDemo("alerts-e2e")
        defer { withExtendedLifetime(demo) {} }
        let (db, environment, cli) = (demo.db, demo.environment, demo.cli)
        let flags = asciiNoColor ? " --ascii --no-color" : ""
        let session = try TmuxSession(command: "exec '\(EndToEndTests.binary)' --db '\(db)' --lang en\(flags)", width: width, height: height,
                                      environment: environment.merging(["LANG": "C.UTF-8"]) { $1 })
        defer { session.kill() }
        try session.waitFor("Orders", timeout: .seconds(30))
        try session.type("2")
        // The expiring-soon counts land a moment after the list ("…" until then), and they can add products
        // ("keys expiring soon"): the count is read once they are in.
        let before = try session.waitUntil(timeout: .seconds(30)) { screen in
            screen.contains { $0.contains("products need stock") }
                && !screen.contains { $0.range(of: #"[│|] *…[│|]"#, options: .regularExpression) != nil }
        }
        let count = { (screen: [String]) -> Int? in
            screen.lazy.compactMap { line -> Int? in
                guard let range = line.range(of: #"(\d+) of \d+ products need stock"#, options: .regularExpression) else { return nil }
                return Int(line[range].split(separator: " ")[0])
            }.first
        }
        let first = try #require(count(before), "\(before.joined(separator: "\n"))")
        try #require(first > 0, "the demo has products that need stock")
        try session.type("a")
        try session.waitFor("acknowledged", timeout: .seconds(30))
        // The acknowledged product leaves the list; the next key clears the notice and shows the count.
        try session.type("j")
        try session.waitUntil(timeout: .seconds(30)) { count($0) == first - 1 }
        try session.type("h")
        try session.waitUntil(timeout: .seconds(30)) { screen in count(screen) == first && screen.contains { $0.contains("acknowledged included") } }
        try session.type("q")
        let audit = try TestProgram.run(EndToEndTests.binary, ["audit", "tail", "--json", "--db", db], environment: cli)
        #expect(audit.contains("alert.acknowledge"))
    }
}
