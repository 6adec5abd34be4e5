import Foundation
import KamengTestSupport
import KamengDomain
import Testing

/// Outside text with terminal control sequences in it (a product named with a clear-screen, an OSC 52
/// clipboard write, a C1 CSI and a right-to-left override) shown by the real binary, in the CLI and
/// in the console under tmux: none of the data's sequences reaches the terminal as a sequence.
@Suite("terminal safety of the real binary", .enabled(if: TmuxSession.isAvailable), .serialized)
struct TerminalSafetyTests {
    static let evil = "X\u{1B}[2J\u{1B}]52;c;SGVsbG8=\u{07}\u{9B}31m\u{202E}Y"
    static let shown = "X^[[2J^[]52;c;SGVsbG8=^G<U+009B>31m<U+202E>Y"

    /// A tiny demo database plus the evil product (below its threshold, so the alerts pane lists it)
    /// and one paid order of it, newest, so the orders pane shows it first.
    struct Platform {
        let dir: URL
        let db: String
        let environment: [String: String]
        var orderNo = "209912310000001"
        /// The demo admin's step-up codes for this platform's commands.
        let codes = DemoAuthenticator.freshCodes()
        /// main-east's API secret, read once: reading it takes a step-up code.
        private let secretBox = SecretBox()

        final class SecretBox { var secret: String? }

        init() throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("kameng-safety-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir.appendingPathComponent("db"), withIntermediateDirectories: true)
            db = dir.appendingPathComponent("db/demo.sqlite").path
            var env = ProcessInfo.processInfo.environment
            env["XDG_CONFIG_HOME"] = dir.appendingPathComponent("config").path
            env["XDG_DATA_HOME"] = dir.appendingPathComponent("data").path
            env["KAMENG_DB"] = db
            env.removeValue(forKey: "KAMENG_KEY_FILE")
            environment = env
            try run(["demo", "--no-console", "--size", "tiny"])
            try run(["product", "add", "--sku", "EVIL-1", "--name", TerminalSafetyTests.evil, "--category", "software",
                     "--face", "1", "--cost", "1", "--retail", "1", "--threshold", "5"])
        }

        var keyFile: String { environment["XDG_CONFIG_HOME"]! + "/kameng/master.key" }

        func remove() { try? FileManager.default.removeItem(at: dir) }

        /// The real binary's standard output (exit 0 required).
        @discardableResult
        func run(_ arguments: [String]) throws -> String {
            try TestProgram.run(EndToEndTests.binary, arguments, environment: environment)
        }

        /// Runs the binary expecting failure; returns its stderr (TestProgram.run puts it in the error).
        /// Success is recorded as an issue.
        func failing(_ arguments: [String]) -> String {
            do {
                try run(arguments)
                Issue.record("kameng \(arguments.joined(separator: " ")) succeeded")
                return ""
            } catch {
                return String(describing: error)
            }
        }

        /// Records a paid order of `sku` (retail `amount`) as a substation sends it: signed order and payment
        /// lines through the binary's `ingest`. The payment delivers the order's key when there is stock
        /// (`deliver`); without stock it waits for some. The order is the newest, at the top of the lists.
        func addOrder(sku: String, orderNo: String, amount: Money, deliver: Bool) throws {
            let secret = try secretBox.secret ?? run(["substation", "secret", "main-east", "--code", codes.next()]).trimmingCharacters(in: .whitespacesAndNewlines)
            secretBox.secret = secret
            let now = Date()
            let lines = [
                TestIntake.line(.order(IntakeOrder(orderNo: orderNo, product: sku, quantity: 1, amount: amount, buyer: "b-\(orderNo)",
                                                   ip: "10.0.0.9", device: "d-\(orderNo)", at: now)),
                                substation: "main-east", secret: secret),
                TestIntake.line(.payment(IntakePayment(orderNo: orderNo, amount: amount, method: .alipay, txn: "txn-\(orderNo)", at: now)),
                                substation: "main-east", secret: secret),
            ]
            let file = dir.appendingPathComponent("order-\(orderNo).jsonl")
            try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
            let summary = try run(["ingest", file.path, "--json"])
            let object = try JSONSerialization.jsonObject(with: Data(summary.utf8)) as? [String: Any]
            #expect(object?["rejected"] as? Int == 0, "both lines accepted: \(summary)")
            let shown = try run(["orders", "show", orderNo])
            if deliver { #expect(shown.contains("delivered"), "the order was delivered: \(shown)") }
        }
    }

    /// The data's sequences as bytes: none may appear in anything the binary writes.
    static func assertNoDataSequences(_ bytes: Data, _ context: String, plainText: Bool) {
        let forbidden: [(String, [UInt8])] = [
            ("OSC 52", Array("\u{1B}]52".utf8)), ("X ESC[2J", Array("X\u{1B}[2J".utf8)),
            ("U+009B as UTF-8", [0xC2, 0x9B]), ("U+202E as UTF-8", [0xE2, 0x80, 0xAE]),
        ]
        for (name, needle) in forbidden {
            #expect(bytes.range(of: Data(needle)) == nil, "\(context): \(name) reached the terminal")
        }
        if plainText {
            // CLI output has no sequences of its own: not a single ESC, BEL or raw C1 byte may be there.
            #expect(!bytes.contains(0x1B) && !bytes.contains(0x07), "\(context): ESC or BEL in plain output")
            #expect(bytes.range(of: Data([0xC2, 0x9B])) == nil)
        }
    }

    @Test("CLI listings print the evil name visibly and emit no ESC, BEL or C1 byte")
    func cli() throws {
        var platform = try Platform()
        defer { platform.remove() }
        platform.orderNo = "209912310000002"
        try platform.addOrder(sku: "EVIL-1", orderNo: platform.orderNo, amount: Money(fen: 100), deliver: false)
        for arguments in [["product", "list"], ["stock"], ["orders", "--limit", "5"], ["orders", "show", platform.orderNo],
                          ["audit", "tail", "--limit", "20"]] {
            let output = try platform.run(arguments)
            Self.assertNoDataSequences(Data(output.utf8), "kameng \(arguments.joined(separator: " "))", plainText: true)
            #expect(output.contains(Self.shown), "kameng \(arguments.joined(separator: " ")) shows the name visibly")
        }
        // JSON escapes instead: the encoder writes \u001b, never the byte.
        let json = try platform.run(["product", "list", "--json"])
        Self.assertNoDataSequences(Data(json.utf8), "product list --json", plainText: true)
        #expect(json.contains("\\u001b[2J") && json.contains("\\u009b31m\\u202eY"))
        let decoded = try JSONDecoder().decode([[String: AnyCodableValue]].self, from: Data(json.utf8))
        #expect(decoded.contains { $0["name"] == .string(Self.evil) }, "the escaped JSON decodes to the stored name")
    }

    @Test("the console draws the evil name as text: its sequences never reach the terminal; core dumps are off")
    func console() throws {
        let platform = try Platform()
        defer { platform.remove() }
        try platform.addOrder(sku: "EVIL-1", orderNo: platform.orderNo, amount: Money(fen: 100), deliver: false)
        let transcript = platform.dir.appendingPathComponent("transcript.bytes").path
        let tmux = try TmuxSession(command: "sleep 1; exec \(EndToEndTests.binary) --db '\(platform.db)'", width: 160, height: 40, environment: [
            "XDG_CONFIG_HOME": platform.environment["XDG_CONFIG_HOME"]!, "XDG_DATA_HOME": platform.environment["XDG_DATA_HOME"]!,
            "LANG": "en_US.UTF-8", "TZ": "UTC",
        ])
        try tmux.record(to: transcript)   // before the program starts (it sleeps a second first)
        let orders = try tmux.waitUntil("the evil order at the top") { $0.contains { $0.contains("X^[[2J^[]52;c;") } }
        let pid = try tmux.panePID()
        let limits = (try? String(contentsOfFile: "/proc/\(pid)/limits", encoding: .utf8)) ?? ""
        let core = limits.split(separator: "\n").first { $0.hasPrefix("Max core file size") }
        #expect(core.map { $0.split(separator: " ", omittingEmptySubsequences: true).suffix(3).prefix(2) == ["0", "0"] } == true,
                "core dumps disabled: \(core ?? "no limits line")")
        try tmux.send("2")
        try tmux.waitUntil("the evil product among the alerts") { $0.contains { $0.contains("X^[[2J^[]52;c;") && $0.contains("EVIL-1") } }
        try tmux.send("C-l")
        try tmux.send("3")
        try tmux.waitUntil("back on the orders") { $0.contains { $0.contains("X^[[2J^[]52;c;") } }
        try tmux.send("q")
        try tmux.waitUntil("kameng to exit") { _ in (try? tmux.deadAndStatus().hasPrefix("1")) ?? false }
        Thread.sleep(forTimeInterval: 0.3)   // pipe-pane's cat flushes a moment after the pane dies
        let bytes = try Data(contentsOf: URL(fileURLWithPath: transcript))
        #expect(bytes.count > 1_000, "the transcript holds the console's drawing")
        Self.assertNoDataSequences(bytes, "console transcript", plainText: false)
        #expect(!bytes.contains(0x07), "no BEL from the data")
        #expect(bytes.range(of: Data("^[]52;c;".utf8)) != nil, "the OSC 52 arrived only as visible text")
        #expect(orders.joined().contains("<U+") || orders.joined().contains("^["))
    }
}

/// Just enough JSON value to read back one string field of any object.
enum AnyCodableValue: Decodable, Equatable {
    case string(String), other
    init(from decoder: Decoder) throws {
        self = (try? decoder.singleValueContainer().decode(String.self)).map(AnyCodableValue.string) ?? .other
    }
}
