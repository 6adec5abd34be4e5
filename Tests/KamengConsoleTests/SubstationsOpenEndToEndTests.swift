import Foundation
import KamengTestSupport
import Testing

/// The operator opening substations on the real binary in tmux: one from the selected substation as a
/// template (its secret, read off the screen, is the one the CLI shows), and three from a file (a bad
/// file first opens nothing; the fixed one opens all three, their secrets in a 0600 file beside it).
/// Each checked through `kameng substation list --json` and the audit log.
@Suite("substations pane end to end: opening", .enabled(if: TmuxSession.isAvailable), .serialized)
struct SubstationsOpenEndToEndTests {
    static func substations(_ demo: TinyDemo) throws -> [String: [String: Any]] {
        let json = try TestProgram.run(EndToEndTests.binary, ["substation", "list", "--json", "--db", demo.db], environment: demo.cli)
        let rows = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]] ?? []
        return Dictionary(uniqueKeysWithValues: rows.compactMap { row in (row["code"] as? String).map { ($0, row) } })
    }

    static func console(_ demo: TinyDemo, width: Int, height: Int, ascii: Bool) throws -> TmuxSession {
        let flags = ascii ? " --ascii --no-color" : ""
        let session = try TmuxSession(command: "exec '\(EndToEndTests.binary)' --db '\(demo.db)' --lang en\(flags)", width: width, height: height,
                                      environment: demo.environment.merging(["LANG": "C.UTF-8"]) { $1 })
        try session.waitFor("Orders", timeout: .seconds(30))
        try session.type("4")
        try session.waitFor("substations:", timeout: .seconds(30))
        return session
    }

    @Test(arguments: [(120, 40, false), (80, 24, true)])
    func openOneFromTheTemplate(width: Int, height: Int, ascii: Bool) throws {
        let demo = try TinyDemo("open-one")
        let before = try Self.substations(demo)
        let session = try Self.console(demo, width: width, height: height, ascii: ascii)
        defer { session.kill() }

        try session.type("o")
        let form = try session.waitFor("Open a substation (template: ", timeout: .seconds(30))
        // "Open a substation (template: CODE NAME)": the selected substation is the template.
        let title = try #require(form.first { $0.contains("(template: ") })
        let model = String(title.components(separatedBy: "(template: ")[1].prefix { $0 != " " && $0 != ")" })
        let template = try #require(before[model], "template \(model) in \(before.keys.sorted())")
        try session.type("e2e-new")
        try session.sendKeys("Tab")
        try session.type("端到端新店")
        try session.sendKeys("Enter")
        try session.waitFor("Open substation e2e-new", timeout: .seconds(30))
        try session.sendKeys("Enter")  // focus starts on Cancel: back to the form, nothing opened
        try session.waitFor("Open a substation (template: ", timeout: .seconds(30))
        #expect(try Self.substations(demo)["e2e-new"] == nil)
        try session.sendKeys("Enter")
        try session.waitFor("Open substation e2e-new", timeout: .seconds(30))
        try session.sendKeys("Tab")
        try session.sendKeys("Enter")
        let shown = try session.waitFor("I have saved it", timeout: .seconds(30))
        let secretLine = try #require(shown.first { $0.range(of: "[0-9a-f]{64}", options: .regularExpression) != nil }, "\(shown)")
        let onScreen = String(secretLine[secretLine.range(of: "[0-9a-f]{64}", options: .regularExpression)!])
        try session.sendKeys("Enter")
        let closed = try session.waitUntil(timeout: .seconds(30)) { screen in !screen.joined().contains("I have saved it") }
        #expect(!closed.joined().contains(onScreen), "the secret is gone from the screen once closed")
        #expect(closed.joined().contains("Substation e2e-new opened"))
        try session.type("q")

        let opened = try #require(try Self.substations(demo)["e2e-new"])
        #expect(opened["name"] as? String == "端到端新店")
        #expect(opened["parent"] as? String == model)
        #expect(opened["commissionBasisPoints"] as? Int == template["commissionBasisPoints"] as? Int)
        let modelDomain = try #require(template["domain"] as? String)
        #expect(opened["domain"] as? String == "e2e-new" + modelDomain[modelDomain.firstIndex(of: ".")!...])
        let secret = try TestProgram.run(EndToEndTests.binary, ["substation", "secret", "e2e-new", "--code", DemoAuthenticator.freshCodes().next(), "--db", demo.db],
                                         environment: demo.cli)
        #expect(secret.trimmingCharacters(in: .whitespacesAndNewlines) == onScreen)
        let audit = try TestProgram.run(EndToEndTests.binary, ["audit", "tail", "--limit", "20", "--json", "--db", demo.db], environment: demo.cli)
        #expect(audit.contains("\"substation:e2e-new\"") && audit.contains("substation.add"))
    }

    @Test func openThreeFromAFile() throws {
        let demo = try TinyDemo("open-batch")
        let file = demo.dir.appendingPathComponent("new-substations.csv")
        let bad = "code,name,domain,parent,commission\nb-1,批量一店,b-1.batch.example.cn,main-east,5.5%\nb-1,批量二店,b-2.batch.example.cn,b-1,5\n"
        try bad.write(to: file, atomically: true, encoding: .utf8)
        let session = try Self.console(demo, width: 120, height: 40, ascii: false)
        defer { session.kill() }

        try session.type("O")
        try session.waitFor("Open substations from a file", timeout: .seconds(30))
        try session.type(demo.dir.path + "/new-sub")
        try session.sendKeys("Tab")  // completes the unique name
        try session.waitFor("new-substations.csv", timeout: .seconds(30))
        try session.sendKeys("Enter")
        try session.waitFor("line 3, code: the same as on line 2", timeout: .seconds(30))
        try session.sendKeys("Enter")  // Back, to the path
        try session.waitFor("Open substations from a file", timeout: .seconds(30))
        #expect(try Self.substations(demo)["b-1"] == nil, "a file with a bad line opens nothing")

        let good = bad.replacingOccurrences(of: "b-1,批量二店", with: "b-2,批量二店")
            + "b-3,批量三店（超长名称：二十四小时自动发货点卡话费视频会员）,b-3.batch.example.cn,,8\n"
        try good.write(to: file, atomically: true, encoding: .utf8)
        try session.sendKeys("Enter")
        try session.waitFor("3 to open, 0 line(s) with errors", timeout: .seconds(30))
        try session.sendKeys("Tab")
        try session.sendKeys("Enter")
        try session.waitFor("Opened 3 substation(s)", timeout: .seconds(30))
        try session.sendKeys("Enter")
        try session.waitFor("Opened 3 substations", timeout: .seconds(30))
        try session.type("q")

        let all = try Self.substations(demo)
        #expect(all["b-1"]?["parent"] as? String == "main-east" && all["b-1"]?["commissionBasisPoints"] as? Int == 550)
        #expect(all["b-2"]?["parent"] as? String == "b-1" && all["b-3"] != nil && all["b-3"]?["parent"] as? String == nil)
        #expect(all["b-3"]?["name"] as? String == "批量三店（超长名称：二十四小时自动发货点卡话费视频会员）")
        let secrets = try FileManager.default.contentsOfDirectory(atPath: demo.dir.path).filter { $0.hasPrefix("new-substations.secrets-") }
        let secretsFile = try #require(secrets.count == 1 ? demo.dir.appendingPathComponent(secrets[0]).path : nil, "\(secrets)")
        #expect(try FileManager.default.attributesOfItem(atPath: secretsFile)[.posixPermissions] as? Int == 0o600)
        let b2 = try TestProgram.run(EndToEndTests.binary, ["substation", "secret", "b-2", "--code", DemoAuthenticator.freshCodes().next(), "--db", demo.db],
                                     environment: demo.cli)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try String(contentsOfFile: secretsFile, encoding: .utf8).contains("b-2\tb-2.batch.example.cn\t\(b2)\n"))
        let audit = try TestProgram.run(EndToEndTests.binary, ["audit", "tail", "--limit", "20", "--json", "--db", demo.db], environment: demo.cli)
        #expect(["b-1", "b-2", "b-3"].allSatisfy { audit.contains("\"substation:\($0)\"") })
    }

    /// The same file through the CLI: a bad line is reported with its line and field and opens nothing;
    /// a good file opens every line and says where the secrets are.
    @Test func theCLIOpensABatchFromAFile() throws {
        let demo = try TinyDemo("open-cli")
        let file = demo.dir.appendingPathComponent("subs.tsv").path
        try "c-1\tCLI 一店\tc-1.cli.example.cn\tmain-east\t5\nc-2\tCLI 二店\tc-2.cli.example.cn\tc-1\t101\n".write(toFile: file, atomically: true, encoding: .utf8)
        let arguments = ["substation", "add", "--from", file, "--db", demo.db]
        do {
            _ = try TestProgram.run(EndToEndTests.binary, arguments, environment: demo.cli)
            Issue.record("a file with a bad line was accepted")
        } catch {
            #expect(String(describing: error).contains("line 2, commission: a percentage from 0 to 100"), "\(error)")
        }
        #expect(try Self.substations(demo)["c-1"] == nil)
        try "c-1\tCLI 一店\tc-1.cli.example.cn\tmain-east\t5\nc-2\tCLI 二店\tc-2.cli.example.cn\tc-1\t10\n".write(toFile: file, atomically: true, encoding: .utf8)
        let out = try TestProgram.run(EndToEndTests.binary, arguments, environment: demo.cli)
        #expect(out.contains("Opened c-1 (c-1.cli.example.cn)") && out.contains("Opened c-2") && out.contains(demo.dir.path + "/subs.secrets-"))
        #expect(try Self.substations(demo)["c-2"]?["parent"] as? String == "c-1")
        #expect(throws: (any Error).self) {
            try TestProgram.run(EndToEndTests.binary, arguments + ["--code", "x"], environment: demo.cli)
        }
    }
}
