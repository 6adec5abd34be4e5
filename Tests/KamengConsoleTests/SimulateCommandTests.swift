import Foundation
import Testing

/// `kameng simulate` on a demo database: live traffic goes through the signed intake, so every line
/// verifies (nothing rejected), orders are accepted and the audit chain stays intact.
@Suite("kameng simulate", .serialized)
struct SimulateCommandTests {
    @Test func simulatedTrafficIsSignedAndAccepted() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kameng-sim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("db"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("db/demo.sqlite").path
        let environment = ProcessInfo.processInfo.environment.merging([
            "XDG_CONFIG_HOME": dir.appendingPathComponent("config").path, "XDG_DATA_HOME": dir.appendingPathComponent("data").path,
        ]) { $1 }
        try Tmux.run(EndToEndTests.binary, ["demo", "--no-console", "--size", "tiny", "--db", db], environment: environment)
        let json = try Tmux.run(EndToEndTests.binary, ["simulate", "--rate", "200", "--seconds", "4", "--json", "--db", db], environment: environment)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], "output: \(json)")
        let orders = summary["orders"] as? [String: Int]
        #expect((orders?["accepted"] ?? 0) > 0, "summary: \(json)")
        #expect(summary["rejected"] as? Int == 0, "every simulated line verifies: \(json)")
        let verify = try Tmux.run(EndToEndTests.binary, ["audit", "verify", "--db", db], environment: environment)
        #expect(verify.contains("intact"), "audit verify: \(verify)")
    }
}
