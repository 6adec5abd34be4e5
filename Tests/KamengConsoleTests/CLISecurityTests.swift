import Foundation
import KamengTestSupport
import KamengDomain
import Testing

/// The security commands of the real binary: read-only refusals, reveal with a reason and a code,
/// export to a 0600 CSV, key rotation, and the usage errors' exit status.
@Suite("kameng security commands", .enabled(if: TmuxSession.isAvailable), .serialized)
struct CLISecurityTests {
    @Test("--readonly refuses changes clearly and still reads")
    func readOnly() throws {
        let platform = try TerminalSafetyTests.Platform()
        defer { platform.remove() }
        let message = platform.failing(["product", "add", "--readonly", "--sku", "RO-1", "--name", "x", "--category", "software",
                                         "--face", "1", "--cost", "1", "--retail", "1"])
        #expect(message.contains("read-only session (--readonly): manage products is disabled"))
        #expect(try platform.run(["stock", "--readonly"]).contains("EVIL-1"))
    }

    @Test("error messages that quote outside text are sanitised too")
    func errorsAreSafe() throws {
        let platform = try TerminalSafetyTests.Platform()
        defer { platform.remove() }
        let message = platform.failing(["substation", "add", "--code", "s1", "--name", "n", "--domain", "s1.example.cn",
                                         "--parent", TerminalSafetyTests.evil])
        // The engine names the missing parent as a substation (StoreError.notFound(.substation)), in its words.
        #expect(message.contains("substation " + TerminalSafetyTests.shown + " not found"), "\(message)")
        // The failure text starts with the command line (which holds the raw name); check kameng's stderr after it.
        let stderr = message.components(separatedBy: "kameng: ").dropFirst().joined()
        #expect(!stderr.isEmpty && !stderr.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B })
    }

    @Test("reveal needs a reason (exit 2) and a code; with both it prints the key once and audits it; replay refused")
    func reveal() throws {
        let platform = try TerminalSafetyTests.Platform()
        defer { platform.remove() }
        try platform.run(["product", "add", "--sku", "REV-1", "--name", "揭示", "--category", "software", "--face", "1", "--cost", "1", "--retail", "1"])
        let file = platform.dir.appendingPathComponent("keys.txt")
        try "5566778899001122,REVEAL-ME-PLEASE-1\n".write(to: file, atomically: true, encoding: .utf8)
        try platform.run(["import", file.path, "--product", "REV-1", "--json"])
        try platform.addOrder(sku: "REV-1", orderNo: "209912310000201", amount: Money(fen: 100), deliver: true)
        #expect(platform.failing(["orders", "show", "209912310000201", "--reveal"]).contains("status 512"), "usage error exits 2")
        #expect(platform.failing(["orders", "show", "209912310000201", "--reveal", "--reason", "ticket 9"]).contains("--code"))
        let masked = try platform.run(["orders", "show", "209912310000201"])
        #expect(masked.contains("••••••••1122") && masked.contains("••••••••••••") && !masked.contains("REVEAL-ME"))
        let code = try platform.codes.next()
        let shown = try platform.run(["orders", "show", "209912310000201", "--reveal", "--reason", "ticket 9", "--code", code])
        #expect(shown.contains("REVEAL-ME-PLEASE-1") && shown.contains("5566778899001122"))
        #expect(platform.failing(["orders", "show", "209912310000201", "--reveal", "--reason", "ticket 9", "--code", code]).contains("already used"))
        let audit = try platform.run(["audit", "tail", "--limit", "3"])
        #expect(audit.contains("key.reveal") && audit.contains("reason: ticket 9") && !audit.contains("REVEAL-ME"))
    }

    @Test("export writes a 0600 CSV with formulas neutralised; rotate swaps the key file and the database still opens")
    func exportAndRotate() throws {
        let platform = try TerminalSafetyTests.Platform()
        defer { platform.remove() }
        try platform.run(["product", "add", "--sku", "EXP-1", "--name", "导出", "--category", "software", "--face", "1", "--cost", "1", "--retail", "1"])
        let file = platform.dir.appendingPathComponent("keys.txt")
        try "=HYPERLINK(\"http://x\")\n@SUM(A1)\nPLAIN-KEY-3\n".write(to: file, atomically: true, encoding: .utf8)
        let imported = try platform.run(["import", file.path, "--product", "EXP-1", "--json"])
        let batch = try #require(imported.firstMatch(of: /"batch" : (\d+)/)).1
        let out = platform.dir.appendingPathComponent("return.csv").path
        let code = DemoAuthenticator.code()
        try platform.run(["keys", "export", "--batch", String(batch), "--reason", "return to supplier", "--out", out, "--code", code])
        let csv = try String(contentsOfFile: out, encoding: .utf8)
        #expect(csv.contains(",\"'=HYPERLINK(\"\"http://x\"\")\","), "\(csv)")
        #expect(csv.contains(",'@SUM(A1),") && csv.contains(",PLAIN-KEY-3,"), "\(csv)")
        #expect((try FileManager.default.attributesOfItem(atPath: out)[.posixPermissions] as? Int) == 0o600)
        #expect(platform.failing(["keys", "export", "--batch", String(batch), "--reason", "again", "--out", out, "--code", code]).contains("already exists"))

        let before = try String(contentsOfFile: platform.keyFile, encoding: .utf8)
        let rotated = try platform.run(["keys", "rotate"])
        #expect(rotated.contains("Rotated the key-encryption key"))
        #expect(try String(contentsOfFile: platform.keyFile, encoding: .utf8) != before)
        #expect(try platform.run(["audit", "verify"]).contains("audit log intact"))
    }
}
