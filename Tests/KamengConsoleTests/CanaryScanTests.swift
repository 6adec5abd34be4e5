import Foundation
import KamengTestSupport
import KamengDomain
import Testing

/// The plaintext canary scan: import canary keys, deliver some, walk every console pane and run the
/// CLI's listings and `orders show` without a reveal; then no canary may be found in the database
/// files, the terminal transcript, the CLI output, or any other file Kameng wrote (logs included).
@Suite("canary scan of the real binary", .enabled(if: TmuxSession.isAvailable), .serialized)
struct CanaryScanTests {
    /// Plain, hex (both cases) and base64 (with and without its last characters, as a careless
    /// encoder at another alignment might leave it).
    static func encodings(of secret: String) -> [Data] {
        let bytes = Data(secret.utf8)
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        return [bytes, Data(hex.utf8), Data(hex.uppercased().utf8), Data(bytes.base64EncodedString().utf8),
                Data(bytes.base64EncodedString().dropLast(2).utf8)]
    }

    @Test("no canary in the database files, the terminal transcript, CLI output or logs after walking every screen")
    func scan() throws {
        let platform = try TerminalSafetyTests.Platform()
        defer { platform.remove() }
        let secrets = (0..<40).map { "CANARYSECRET\($0)Q\(UUID().uuidString.prefix(6))" }
        let numbers = (0..<40).map { String(format: "66%012d", 7_777_000_000 + $0 * 104_729) }
        let supplier = platform.dir.appendingPathComponent("supplier").appendingPathComponent("canaries.txt")
        try FileManager.default.createDirectory(at: supplier.deletingLastPathComponent(), withIntermediateDirectories: true)
        try zip(numbers, secrets).map { "\($0),\($1)" }.joined(separator: "\n").write(to: supplier, atomically: true, encoding: .utf8)
        try platform.run(["product", "add", "--sku", "CANARY-P", "--name", "金丝雀卡", "--category", "gift_card",
                          "--face", "10", "--cost", "9", "--retail", "10", "--threshold", "1000"])
        let imported = try platform.run(["import", supplier.path, "--product", "CANARY-P", "--json"])
        #expect(imported.contains("\"accepted\" : 40"), "\(imported)")
        let orderNos = (1...3).map { "20991231000010\($0)" }
        for no in orderNos { try platform.addOrder(sku: "CANARY-P", orderNo: no, amount: Money(fen: 1_000), deliver: true) }

        // The console: every pane, the help overlay, some scrolling, recorded byte for byte.
        let transcript = platform.dir.appendingPathComponent("transcript.bytes").path
        let tmux = try TmuxSession(command: "sleep 1; exec \(EndToEndTests.binary) --db '\(platform.db)'", width: 140, height: 40, environment: [
            "XDG_CONFIG_HOME": platform.environment["XDG_CONFIG_HOME"]!, "XDG_DATA_HOME": platform.environment["XDG_DATA_HOME"]!,
            "LANG": "zh_CN.UTF-8", "TZ": "Asia/Shanghai",
        ])
        try tmux.record(to: transcript)
        try tmux.waitUntil("the canary orders") { $0.contains { $0.contains("金丝雀卡") } }
        var seen: [String] = []
        for key in ["j", "j", "PageDown", "g", "?", "Escape", "Tab", "Tab", "Tab", "Tab", "Tab", "2", "j", "4", "5", "1", "3"] {
            try tmux.send(key)
            Thread.sleep(forTimeInterval: 0.15)
            seen.append(try tmux.capture().joined(separator: "\n"))
        }
        try tmux.waitUntil("the alerts pane lists the canary product") { _ in
            (try? tmux.send("2")) != nil && ((try? tmux.capture().contains { $0.contains("金丝雀卡") && $0.contains("CANARY-P") }) ?? false)
        }
        try tmux.send("q")
        try tmux.waitUntil("kameng to exit") { _ in (try? tmux.deadAndStatus().hasPrefix("1")) ?? false }
        Thread.sleep(forTimeInterval: 0.3)

        // The CLI: every listing, and each canary order shown (masked).
        var cli = ""
        var commands: [[String]] = [["product", "list"], ["stock"], ["orders", "--limit", "20"], ["orders", "--limit", "20", "--json"],
                                    ["batch", "list"], ["batch", "list", "--json"], ["audit", "tail", "--limit", "50"],
                                    ["audit", "tail", "--json"], ["audit", "verify"], ["staff", "list"], ["substation", "list"]]
        commands += orderNos.flatMap { [["orders", "show", $0], ["orders", "show", $0, "--json"]] }
        for arguments in commands { cli += try platform.run(arguments) }
        #expect(cli.contains("sold    ••••••••"), "orders show printed the delivered keys, masked")
        try cli.write(to: platform.dir.appendingPathComponent("cli-output.txt"), atomically: true, encoding: .utf8)

        // Every file under the test's root, except the supplier's own file: database, -wal, -shm,
        // transcript, CLI output, config, and any log a component might have written.
        var scanned: [String] = []
        let walker = FileManager.default.enumerator(at: platform.dir, includingPropertiesForKeys: [.isRegularFileKey])!
        for case let url as URL in walker where url.path != supplier.path {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
                  let contents = FileManager.default.contents(atPath: url.path) else { continue }
            scanned.append(url.lastPathComponent)
            for canary in secrets + numbers {
                for needle in Self.encodings(of: canary) where contents.range(of: needle) != nil {
                    Issue.record("canary \(canary) found in \(url.lastPathComponent)")
                }
            }
        }
        for screen in seen { for canary in secrets + numbers where screen.contains(canary) { Issue.record("canary on screen") } }
        #expect(scanned.contains("demo.sqlite") && scanned.contains("transcript.bytes") && scanned.contains("cli-output.txt"),
                "scanned: \(scanned.sorted())")
        #expect((try Data(contentsOf: URL(fileURLWithPath: transcript))).count > 2_000)
    }
}
