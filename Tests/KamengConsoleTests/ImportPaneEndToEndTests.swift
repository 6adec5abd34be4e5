import Foundation
import KamengTestSupport
import Testing

/// The import pane on the real binary in tmux: type a sample file's path (Tab completes it), preview,
/// confirm, and see the batch land — checked afterwards through the CLI's JSON.
@Suite("import pane end to end", .enabled(if: TmuxSession.isAvailable), .serialized)
struct ImportPaneEndToEndTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("KamengImportTests/Fixtures")

    @Test(arguments: [(120, 40, false), (60, 20, true)])
    func importASampleThroughThePane(width: Int, height: Int, asciiNoColor: Bool) throws {
        let demo = try TinyDemo("import-e2e")
        defer { withExtendedLifetime(demo) {} }
        let (dir, db, environment) = (demo.dir, demo.db, demo.environment)
        // The sample is copied to a path with Chinese in it, under a directory Tab has to complete.
        let folder = dir.appendingPathComponent("供货商文件")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.samples.appendingPathComponent("office-keys-messy.txt"),
                                         to: folder.appendingPathComponent("office-keys-messy.txt"))
        let flags = asciiNoColor ? " --ascii --no-color" : ""
        let session = try TmuxSession(
            command: "cd '\(dir.path)' && exec '\(EndToEndTests.binary)' --db '\(db)' --lang en\(flags)",
            width: width, height: height, environment: environment.merging(["LANG": "C.UTF-8"]) { $1 })
        defer { session.kill() }
        try session.waitFor("Orders", timeout: .seconds(30))
        try session.type("1")
        try session.waitFor("Recent batches", timeout: .seconds(30))
        try session.type("e")
        try session.type("供货")
        try session.sendKeys("Tab")
        try session.waitFor("供货商文件/", timeout: .seconds(30))
        try session.type("off")
        try session.sendKeys("Tab")
        try session.waitFor("office-keys-messy.txt", timeout: .seconds(30))
        try session.sendKeys("Enter")
        let preview = try session.waitFor("Preview (nothing written)", timeout: .seconds(30))
        // A narrow terminal wraps the counts: read the screen as one run of words.
        let words = preview.joined(separator: " ").split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("accepted 20") && words.contains("duplicate in file 1") && words.contains("rejected 1"),
                "preview counts: \(preview.joined(separator: "\n"))")
        try session.sendKeys("Enter")
        try session.waitFor("Import 20 keys into", timeout: .seconds(30))
        try session.sendKeys("Right")
        try session.sendKeys("Enter")
        let done = try session.waitFor("Imported batch #", timeout: .seconds(30))
        #expect(done.contains { $0.contains("accepted 20") })
        try session.type("q")
        try session.waitUntil(timeout: .seconds(30)) { _ in (try? session.hasExited()) == true }

        let json = try TestProgram.run(EndToEndTests.binary, ["batch", "list", "--json", "--db", db],
                                environment: ProcessInfo.processInfo.environment.merging(environment) { $1 })
        let batches = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]] ?? []
        let imported = batches.first { ($0["fileName"] as? String) == "office-keys-messy.txt" }
        #expect(imported?["accepted"] as? Int == 20, "batch list: \(json)")
    }
}
