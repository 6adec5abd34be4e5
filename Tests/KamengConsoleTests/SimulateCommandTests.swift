import Foundation
import KamengTestSupport
import Testing

/// `kameng simulate` on a demo database: live traffic goes through the signed intake, so every line
/// verifies (nothing rejected), orders are accepted and the audit chain stays intact.
@Suite("kameng simulate", .serialized)
struct SimulateCommandTests {
    @Test func simulatedTrafficIsSignedAndAccepted() throws {
        let demo = try TinyDemo("sim")
        defer { withExtendedLifetime(demo) {} }
        let (db, environment) = (demo.db, demo.cli)
        let json = try TestProgram.run(EndToEndTests.binary, ["simulate", "--rate", "200", "--seconds", "4", "--json", "--db", db], environment: environment)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], "output: \(json)")
        let orders = summary["orders"] as? [String: Int]
        #expect((orders?["accepted"] ?? 0) > 0, "summary: \(json)")
        #expect(summary["rejected"] as? Int == 0, "every simulated line verifies: \(json)")
        let verify = try TestProgram.run(EndToEndTests.binary, ["audit", "verify", "--db", db], environment: environment)
        #expect(verify.contains("intact"), "audit verify: \(verify)")
    }
}
