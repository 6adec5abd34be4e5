import Foundation
import KamengDomain
import KamengTestSupport
import Testing

/// The real binary at the trust boundary (issue 16): the demo touches only demos, file names never
/// reach the terminal raw, export fails before it costs anything, and a reveal interrupted by a
/// signal leaves no key on the screen.
@Suite("trust boundary of the CLI", .enabled(if: TmuxSession.isAvailable), .serialized)
struct TrustBoundaryCLITests {
    /// The binary's failure text (its stderr and exit status), or a recorded issue when it succeeded.
    static func failing(_ arguments: [String], environment: [String: String]) -> String {
        do {
            try TestProgram.run(EndToEndTests.binary, arguments, environment: environment)
            Issue.record("kameng \(arguments.joined(separator: " ")) succeeded")
            return ""
        } catch {
            return String(describing: error)
        }
    }

    /// A scratch directory and an environment whose KAMENG_DB names a database there.
    struct Scratch {
        let dir: URL
        let db: String
        let environment: [String: String]

        init(_ name: String) throws {
            dir = FileManager.default.temporaryDirectory.appendingPathComponent("kameng-\(name)-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            db = dir.appendingPathComponent("db/kameng.sqlite").path
            var env = ProcessInfo.processInfo.environment
            env["XDG_CONFIG_HOME"] = dir.appendingPathComponent("config").path
            env["XDG_DATA_HOME"] = dir.appendingPathComponent("data").path
            env["KAMENG_DB"] = db
            env.removeValue(forKey: "KAMENG_KEY_FILE")
            environment = env
        }

        func remove() { try? FileManager.default.removeItem(at: dir) }
    }

    @Test("demo --fresh and demo refuse a database kameng init made (named by KAMENG_DB), naming it, and change nothing")
    func demoTouchesOnlyDemos() throws {
        let scratch = try Scratch("demo-only")
        defer { scratch.remove() }
        try TestProgram.run(EndToEndTests.binary, ["init"], environment: scratch.environment)
        try TestProgram.run(EndToEndTests.binary, ["product", "add", "--sku", "REAL-1", "--name", "real", "--category", "software",
                                                    "--face", "1", "--cost", "1", "--retail", "1"], environment: scratch.environment)
        let before = try Data(contentsOf: URL(fileURLWithPath: scratch.db))
        for arguments in [["demo", "--fresh", "--no-console", "--size", "tiny"], ["demo", "--no-console", "--size", "tiny"]] {
            let message = Self.failing(arguments, environment: scratch.environment)
            #expect(message.contains("status 512"), "exit 2: \(message)")
            #expect(message.contains("\(scratch.db) was not built by kameng demo"), "\(message)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.db)) == before, "the database was not replaced or changed")
        let products = try TestProgram.run(EndToEndTests.binary, ["product", "list"], environment: scratch.environment)
        #expect(products.contains("REAL-1"))
        let audit = try TestProgram.run(EndToEndTests.binary, ["audit", "tail", "--limit", "50"], environment: scratch.environment)
        #expect(!audit.contains("staff.totp.enrol") && !audit.contains("demo."), "no demo authenticator, no demo rows: \(audit)")

        // A demo database of its own (--db) is still built, and rebuilt by --fresh.
        let demoDB = scratch.dir.appendingPathComponent("own/demo.sqlite").path
        try TestProgram.run(EndToEndTests.binary, ["demo", "--no-console", "--size", "tiny", "--db", demoDB], environment: scratch.environment)
        let rebuilt = try TestProgram.run(EndToEndTests.binary, ["demo", "--fresh", "--no-console", "--size", "tiny", "--db", demoDB],
                                          environment: scratch.environment)
        #expect(rebuilt.contains("Built demo database"))
    }

    /// A directory named with a window-title sequence and a file named with an OSC 52 clipboard write.
    static let titleDirectory = "t\u{1B}]0;pwned\u{07}d"
    static let clipboardFile = "k\u{1B}]52;c;SGVsbG8=\u{07}.txt"

    @Test("substation add --from prints the secrets path with its title sequence made visible")
    func substationFromIsSanitised() throws {
        let platform = try TerminalSafetyTests.Platform()
        defer { platform.remove() }
        let directory = platform.dir.appendingPathComponent(Self.titleDirectory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("subs.tsv").path
        try "t-1\tT 一店\tt-1.title.example.cn\tmain-east\t5\n".write(toFile: file, atomically: true, encoding: .utf8)
        let out = try platform.run(["substation", "add", "--from", file])
        #expect(out.contains("Opened t-1") && out.contains("t^[]0;pwned^Gd/subs.secrets-"), "\(out)")
        #expect(!Data(out.utf8).contains(0x1B) && !Data(out.utf8).contains(0x07), "no ESC or BEL reached stdout: \(out)")
    }

    @Test("the re-import question names the file visibly: its OSC 52 never reaches the terminal")
    func reimportPromptIsSanitised() throws {
        let platform = try TerminalSafetyTests.Platform()
        defer { platform.remove() }
        let file = platform.dir.appendingPathComponent(Self.clipboardFile).path
        try "REIMPORT-KEY-1\nREIMPORT-KEY-2\n".write(toFile: file, atomically: true, encoding: .utf8)
        try platform.run(["import", file, "--product", "EVIL-1", "--json"])
        let transcript = platform.dir.appendingPathComponent("transcript.bytes").path
        var environment = platform.environment
        environment["EVIL_FILE"] = file
        let tmux = try TmuxSession(command: "sleep 1; exec '\(EndToEndTests.binary)' import \"$EVIL_FILE\" --product EVIL-1",
                                   width: 160, height: 20, environment: environment)
        defer { tmux.kill() }
        try tmux.record(to: transcript)
        try tmux.waitUntil("the re-import question", timeout: 30) { $0.contains { $0.contains("Import it again? [y/N]") } }
        try tmux.send("n", "Enter")
        try tmux.waitUntil("kameng to exit", timeout: 30) { _ in (try? tmux.deadAndStatus().hasPrefix("1")) ?? false }
        var bytes = Data()
        try tmux.waitUntil("the transcript to hold the question", timeout: 10) { _ in
            bytes = (try? Data(contentsOf: URL(fileURLWithPath: transcript))) ?? Data()
            return bytes.range(of: Data("Import it again".utf8)) != nil
        }
        #expect(bytes.range(of: Data("k^[]52;c;SGVsbG8=^G.txt".utf8)) != nil, "the name is shown visibly")
        #expect(bytes.range(of: Data("\u{1B}]52".utf8)) == nil, "no OSC 52 reached the terminal")
        #expect(!bytes.contains(0x07), "no BEL reached the terminal")
    }

    @Test("export to a dangling symlink is refused before anything is audited; the same code then works")
    func exportCreatesItsFileFirst() throws {
        let platform = try TerminalSafetyTests.Platform()
        defer { platform.remove() }
        let keys = platform.dir.appendingPathComponent("keys.txt")
        try "EXPORT-FIRST-1\nEXPORT-FIRST-2\n".write(to: keys, atomically: true, encoding: .utf8)
        let imported = try platform.run(["import", keys.path, "--product", "EVIL-1", "--json"])
        let batch = String(try #require(imported.firstMatch(of: /"batch" : (\d+)/)).1)
        let link = platform.dir.appendingPathComponent("planted.csv").path
        let target = platform.dir.appendingPathComponent("elsewhere/stolen.csv").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let code = DemoAuthenticator.code()
        let message = Self.failing(["keys", "export", "--batch", batch, "--reason", "supplier return", "--out", link, "--code", code],
                                   environment: platform.environment)
        #expect(message.contains("cannot create \(link): it is a symbolic link"), "\(message)")
        #expect(!FileManager.default.fileExists(atPath: target), "nothing written through the link")
        let audit = try platform.run(["audit", "tail", "--limit", "5"])
        #expect(!audit.contains("keys.export"), "nothing audited: \(audit)")
        // The code was not used up: the same one exports to a good path.
        let out = platform.dir.appendingPathComponent("return.csv").path
        try platform.run(["keys", "export", "--batch", batch, "--reason", "supplier return", "--out", out, "--code", code])
        #expect(try String(contentsOfFile: out, encoding: .utf8).contains("EXPORT-FIRST-2"))
        #expect(try platform.run(["audit", "tail", "--limit", "5"]).contains("keys.export"))
    }

    @Test("a reveal interrupted by SIGINT, SIGTERM or SIGHUP leaves the alternate screen, clears the key and exits non-zero",
          arguments: ["INT", "TERM", "HUP"])
    func revealRestoresOnSignal(signal: String) throws {
        let platform = try TerminalSafetyTests.Platform()
        defer { platform.remove() }
        let keys = platform.dir.appendingPathComponent("keys.txt")
        try "7788990011223344,SIGNAL-SECRET-\(signal)\n".write(to: keys, atomically: true, encoding: .utf8)
        try platform.run(["import", keys.path, "--product", "EVIL-1", "--json"])
        try platform.addOrder(sku: "EVIL-1", orderNo: "209912310000301", amount: Money(fen: 100), deliver: true)
        // A shell runs kameng and prints its exit status after it (tmux does not always report a pane's
        // status); it ignores SIGINT itself, so Ctrl-C reaches kameng's handler and the shell stays to print.
        let code = try platform.codes.next()
        let command = "trap '' INT; '\(EndToEndTests.binary)' orders show 209912310000301 --reveal --reason 'ticket 7' "
            + "--code \(code); echo \"exit status $?\"; sleep 600"
        let tmux = try TmuxSession(command: command, width: 140, height: 30, environment: platform.environment)
        defer { tmux.kill() }
        try tmux.waitUntil("the revealed key", timeout: 30) { $0.contains { $0.contains("SIGNAL-SECRET-\(signal)") } }
        #expect(try tmux.alternateScreenIsOn())
        if signal == "INT" {
            try tmux.send("C-c")
        } else {
            let shell = try tmux.panePID()
            let child = try TestProgram.run("pgrep", ["-P", String(shell)]).trimmingCharacters(in: .whitespacesAndNewlines)
            let pid = try #require(pid_t(child), "kameng's pid under the shell: \(child)")
            #expect(kill(pid, signal == "TERM" ? SIGTERM : SIGHUP) == 0)
        }
        let number = signal == "INT" ? SIGINT : signal == "TERM" ? SIGTERM : SIGHUP
        let after = try tmux.waitUntil("kameng to exit", timeout: 30) { $0.contains { $0.hasPrefix("exit status ") } }
        #expect(after.contains("exit status \(128 + number)"), "exit status 128+signal: \(after)")
        #expect(try !tmux.alternateScreenIsOn(), "the alternate screen was left")
        let screen = try tmux.capture().joined(separator: "\n")
        #expect(!screen.contains("SIGNAL-SECRET"), "the key is no longer on the screen: \(screen)")
        #expect(screen.contains("Keys hidden (interrupted)"), "\(screen)")
    }

    @Test("the console dropped by SIGHUP while it shows revealed keys restores the terminal and exits 129")
    func consoleRevealOnHangup() throws {
        let demo = try TinyDemo("hup-console")
        defer { withExtendedLifetime(demo) {} }
        let listed = try TestProgram.run(EndToEndTests.binary, ["orders", "--status", "delivered", "--limit", "1", "--json", "--db", demo.db],
                                         environment: demo.cli)
        let orders = try JSONSerialization.jsonObject(with: Data(listed.utf8)) as? [[String: Any]] ?? []
        let orderNo = try #require(orders.first?["orderNo"] as? String)
        let command = "trap '' INT; '\(EndToEndTests.binary)' --db '\(demo.db)' --lang en; echo \"exit status $?\"; sleep 600"
        let session = try TmuxSession(command: command, width: 120, height: 40, environment: demo.environment.merging(["LANG": "C.UTF-8"]) { $1 })
        defer { session.kill() }
        try session.waitFor("Order no", timeout: .seconds(30))
        try session.type("/")
        try session.type(orderNo)
        try session.sendKeys("Enter")
        try session.waitUntil(timeout: .seconds(30)) { screen in screen.count > 4 && screen[4].hasPrefix(orderNo) }
        try session.sendKeys("Enter")
        try session.waitFor("Timeline", timeout: .seconds(30))
        try session.type("v")
        try session.waitFor("Why you reveal these keys", timeout: .seconds(30))
        try session.type("line dropped while revealing")
        try session.sendKeys("Enter")
        try session.waitFor("6-digit code", timeout: .seconds(30))
        try session.type(DemoAuthenticator.code())
        try session.sendKeys("Enter")
        let shown = try session.waitFor("hide again in 30 s", timeout: .seconds(30))
        let keyLines = shown.filter { $0.contains("secret") && $0.contains("#") }.map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(!keyLines.isEmpty)
        let child = try TestProgram.run("pgrep", ["-P", String(try session.panePID())]).trimmingCharacters(in: .whitespacesAndNewlines)
        let pid = try #require(pid_t(child), "kameng's pid under the shell: \(child)")
        #expect(kill(pid, SIGHUP) == 0)
        let after = try session.waitUntil(timeout: .seconds(30)) { $0.contains { $0.hasPrefix("exit status ") } }
        #expect(after.contains("exit status \(128 + SIGHUP)"), "\(after)")
        #expect(try !session.alternateScreenIsOn(), "the alternate screen was left")
        let screen = after.joined(separator: "\n")
        #expect(keyLines.allSatisfy { !screen.contains($0) }, "no revealed key on the screen: \(screen)")
    }
}
