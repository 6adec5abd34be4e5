import Foundation
import KamengDomain
import KamengTestSupport
import Testing

/// Where an order number is cut it keeps its end (`SIM1…30-1000011`), and that visible end, typed into
/// the Orders pane's `/` as support would paste it (ellipsis and all), finds the order. At 80×24 the
/// risk queue's 15-column number cuts live-style numbers; the real binary in tmux, every wait polls.
@Suite("end to end: filtering by the visible end of a cut order number", .enabled(if: TmuxSession.isAvailable), .serialized)
struct CutOrderNumberFilterEndToEndTests {
    @Test func theVisibleTailFindsItsOrder() throws {
        let demo = try TinyDemo("tail-filter-e2e")
        defer { withExtendedLifetime(demo) {} }
        let codes = DemoAuthenticator.freshCodes()
        let secret = try TestProgram.run(EndToEndTests.binary, ["substation", "secret", "main-east", "--code", codes.next(), "--db", demo.db], environment: demo.cli)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        // Fifteen buyers on one IP within minutes: the last ones are held, so the risk queue lists them.
        // Beside each, an ordinary order whose number ends in the same eight characters (what the tail
        // index holds) but not in the same ten (what the risk queue shows): the filter must tell them apart.
        var lines: [String] = []
        for i in 1...15 {
            let at = Date().addingTimeInterval(Double(i - 30))
            let serial = String(1_000_000 + i)
            lines.append(TestIntake.line(.order(IntakeOrder(orderNo: "SIM1796177330-\(serial)", product: "QQ-COIN-10", quantity: 1,
                                                             amount: Money(fen: 990), buyer: "tail-farm-\(i)", ip: "198.51.100.19",
                                                             device: "dev-tail-\(i)", at: at)),
                                         substation: "main-east", secret: secret))
            lines.append(TestIntake.line(.order(IntakeOrder(orderNo: "SIM1796177331-\(serial)", product: "QQ-COIN-10", quantity: 1,
                                                             amount: Money(fen: 990), buyer: "tail-other-\(i)", ip: "192.0.2.\(i)",
                                                             device: "dev-other-\(i)", at: at)),
                                         substation: "main-east", secret: secret))
        }
        let file = demo.dir.appendingPathComponent("tails.jsonl").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        _ = try TestProgram.run(EndToEndTests.binary, ["ingest", file, "--db", demo.db], environment: demo.cli)

        let tmux = try TmuxSession(command: "exec '\(EndToEndTests.binary)' --db '\(demo.db)' --lang en", width: 80, height: 24,
                                   environment: demo.environment.merging(["LANG": "C.UTF-8", "TZ": "UTC"]) { $1 })
        defer { tmux.kill() }
        try tmux.waitUntil("the console") { $0.contains { $0.contains("Orders") } }
        try tmux.send("5")
        // A cut number: its start, the ellipsis, its end.
        let cut = #"SIM[0-9]*…[0-9-]+"#
        let queue = try tmux.waitUntil("a cut order number in the risk queue") { screen in
            screen.contains { $0.range(of: cut, options: .regularExpression) != nil }
        }
        let shown = try #require(queue.lazy.compactMap { line in line.range(of: cut, options: .regularExpression).map { String(line[$0]) } }.first)
        let head = String(shown[..<shown.firstIndex(of: "…")!]), tail = String(shown[shown.index(after: shown.firstIndex(of: "…")!)...])
        #expect(tail.count >= 10, "the risk queue shows at least ten characters of the end: \(shown)")

        try tmux.send("3")
        try tmux.waitUntil("the order list") { $0.contains { $0.contains("Order no") } }
        try tmux.send("/")
        try tmux.send("-l", "…" + tail)
        try tmux.send("Enter")
        let whole = #"SIM[0-9]+-[0-9]+"#
        func numbers(_ screen: [String]) -> [String] {
            screen.dropFirst(4).compactMap { line in line.range(of: whole, options: .regularExpression).map { String(line[$0]) } }
        }
        let found = try tmux.waitUntil("only the order ending in \(tail) listed") { screen in
            let listed = numbers(screen)
            return listed.count == 1 && listed[0].hasSuffix(tail)
        }
        let number = numbers(found)[0]
        #expect(number.hasPrefix(head) && number.hasPrefix("SIM1796177330-"), "\(shown) found \(number)")
        print("--- \(shown) in the risk queue; /…\(tail) lists ---\n" + found.prefix(6).joined(separator: "\n"))
        try tmux.send("q")
    }
}
