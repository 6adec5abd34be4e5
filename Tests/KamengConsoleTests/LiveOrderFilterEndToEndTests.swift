import Foundation
import KamengTestSupport
import TerminalUI
import Testing

/// Support reads an order number off the screen and types it into `/`: live orders' numbers
/// (`SIM<run tag>-<n>`) differ only at their end, so the list must show them whole, and what it shows
/// must find the order. The real binary in tmux at 120×40; every wait polls the screen.
@Suite("end to end: filtering by a live order number read off the screen", .enabled(if: TmuxSession.isAvailable), .serialized)
struct LiveOrderFilterEndToEndTests {
    @Test func theNumberOnScreenFindsItsOrder() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kameng-live-filter-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("db"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("db/demo.sqlite").path
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_CONFIG_HOME"] = dir.appendingPathComponent("config").path
        environment["XDG_DATA_HOME"] = dir.appendingPathComponent("data").path
        try TestProgram.run(EndToEndTests.binary, ["demo", "--no-console", "--size", "tiny", "--db", db], environment: environment)
        // Live traffic through the signed intake: these are the newest orders, at the top of the list.
        _ = try TestProgram.run(EndToEndTests.binary, ["simulate", "--rate", "100", "--seconds", "2", "--json", "--db", db], environment: environment)

        let tmux = try TmuxSession(command: "\(EndToEndTests.binary) --db '\(db)'", width: 120, height: 40, environment: [
            "XDG_CONFIG_HOME": environment["XDG_CONFIG_HOME"]!, "XDG_DATA_HOME": environment["XDG_DATA_HOME"]!,
            "LANG": "en_US.UTF-8", "TZ": "UTC",
        ])
        let pattern = #"SIM[0-9A-Za-z]+-[0-9]+"#
        func numbers(_ screen: [String]) -> [String] {
            screen.dropFirst(4).compactMap { line in line.range(of: pattern, options: .regularExpression).map { String(line[$0]) } }
        }
        let first = try tmux.waitUntil("live orders listed") { numbers($0).count >= 5 }
        // The one to look for: not the first row, so landing on it means the filter found it.
        let wanted = numbers(first)[3]
        // Shown whole: the cell holding it ends at a column separator, not an ellipsis.
        let row = try #require(first.first { $0.contains(wanted) })
        #expect(!row.contains(wanted + "…") && !row.contains("…" + wanted.suffix(4)), "cut: \(row)")

        try tmux.send("/")
        try tmux.send("-l", wanted)
        try tmux.send("Enter")
        let found = try tmux.waitUntil("only \(wanted) listed") { screen in
            numbers(screen) == [wanted]
        }
        print("--- filtered by \(wanted) ---\n" + found.prefix(6).joined(separator: "\n"))
        try tmux.send("q")
    }
}
