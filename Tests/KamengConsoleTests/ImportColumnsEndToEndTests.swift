import Foundation
import KamengTestSupport
import Testing

/// An operator importing a file whose shape Kameng cannot be sure of, on the real binary in tmux: the
/// preview asks which field is the secret (samples masked), the columns are chosen in the pane, the
/// preview then shows what will be stored, and the import stores exactly those secrets (checked by
/// importing the file again as a dry run through the CLI: both keys are then duplicates of the store,
/// which compares digests of the secret alone).
@Suite("import pane end to end: choosing the columns", .enabled(if: TmuxSession.isAvailable), .serialized)
struct ImportColumnsEndToEndTests {
    static func dryRun(_ demo: TinyDemo, _ file: URL, sku: String, columns: String) throws -> [String: Any] {
        let json = try TestProgram.run(EndToEndTests.binary, ["import", file.path, "--product", sku, "--columns", columns, "--dry-run", "--json",
                                                              "--db", demo.db], environment: demo.cli)
        return try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] ?? [:]
    }

    @Test func anAmbiguousFileIsImportedByChoosingItsColumnsInThePane() throws {
        let demo = try TinyDemo("import-columns")
        let file = demo.dir.appendingPathComponent("region.txt")
        try "德玛西亚一区 kaha0001  mima0001SECRET\n艾欧尼亚 kaha0002  mima0002SECRET\n".write(to: file, atomically: true, encoding: .utf8)
        let session = try TmuxSession(command: "exec '\(EndToEndTests.binary)' --db '\(demo.db)' --lang en", width: 120, height: 40,
                                      environment: demo.environment.merging(["LANG": "C.UTF-8"]) { $1 })
        defer { session.kill() }
        try session.waitFor("Orders", timeout: .seconds(30))
        try session.type("1")
        try session.waitFor("Recent batches", timeout: .seconds(30))
        let productLine = try #require(try session.waitFor("p / P to change", timeout: .seconds(30)).first { $0.contains("p / P to change") })
        let sku = try #require(productLine.split(separator: " ").dropFirst().first.map(String.init), "\(productLine)")

        try session.type("e")
        try session.type(file.path)
        try session.sendKeys("Enter")
        let asked = try session.waitFor("Which field is the secret?", timeout: .seconds(30))
        #expect(asked.contains { $0.contains("field 1 would be the card number") })
        #expect(asked.contains { $0.contains("德玛西亚一区 ka…01  mima…ECRET") }, "samples shown, keys masked: \(asked)")
        #expect(!asked.joined().contains("mima0001SECRET"), "no secret on the screen")
        #expect(asked.contains { $0.contains("--columns note,number,secret") }, "prefilled with Kameng's reading")

        try session.sendKeys("Enter")
        let preview = try session.waitFor("Preview (nothing written)", timeout: .seconds(30))
        #expect(preview.contains { $0.contains("columns note,number,secret") })
        #expect(preview.contains { $0.contains("line 1: number kaha0001 · secret mima…ECRET · note 德玛西亚一区") }, "\(preview)")
        #expect(preview.contains { $0.contains("accepted 2") })

        try session.sendKeys("Enter")  // the confirmation, focus on Cancel
        try session.waitFor("Import 2 keys into \(sku)?", timeout: .seconds(30))
        try session.sendKeys("Right")
        try session.sendKeys("Enter")
        let done = try session.waitFor("Imported batch #", timeout: .seconds(60))
        #expect(done.contains { $0.contains("accepted 2") })
        try session.type("q")

        // The stored secrets are mima…SECRET: read with the same columns, both are already in the store;
        // read as Kameng would have guessed (the region as the number, kaha… as the secret), none is.
        let same = try Self.dryRun(demo, file, sku: sku, columns: "note,number,secret")
        #expect(same["duplicateInStore"] as? Int == 2 && same["accepted"] as? Int == 0, "\(same)")
        let guessed = try Self.dryRun(demo, file, sku: sku, columns: "number,secret,note")
        #expect(guessed["duplicateInStore"] as? Int == 0 && guessed["accepted"] as? Int == 2, "\(guessed)")
    }
}
