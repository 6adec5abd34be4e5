import Foundation
import KamengTestSupport
import Testing

/// A finance walk on the real binary in tmux: open the Reports pane (6), switch the period to 30 days,
/// export what it shows to CSV and read the file back, then jump from an anomaly to its order.
@Suite("reports pane end to end", .enabled(if: TmuxSession.isAvailable), .serialized)
struct ReportsPaneEndToEndTests {
    @Test func openChangePeriodAndExport() throws {
        let demo = try TinyDemo("reports-e2e")
        defer { withExtendedLifetime(demo) {} }
        let out = demo.dir.appendingPathComponent("month.csv").path
        let session = try TmuxSession(command: "exec '\(EndToEndTests.binary)' --db '\(demo.db)' --lang en", width: 120, height: 40,
                                      environment: demo.environment.merging(["LANG": "C.UTF-8"]) { $1 })
        defer { session.kill() }
        try session.waitFor("Orders", timeout: .seconds(30))
        try session.type("6")
        // The week's figures, then reconciliation's verdict on the status line.
        try session.waitUntil(timeout: .seconds(30)) { screen in
            screen.contains { $0.contains("Revenue ¥") } && screen.contains { $0.contains("Report ") && !$0.contains("Reconciling") }
        }
        try session.type("m")
        let month = try session.waitUntil(timeout: .seconds(30)) { screen in
            screen.contains { $0.contains(", 30 days (UTC+8)") } && screen.contains { $0.contains("Report ") && !$0.contains("Reconciling") }
        }
        let period = try #require(month.lazy.compactMap { line -> String? in
            guard let range = line.range(of: #"\d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}, 30 days"#, options: .regularExpression) else { return nil }
            return String(line[range])
        }.first)
        try session.type("e")
        try session.waitFor("Export this report", timeout: .seconds(10))
        try session.sendKeys("C-u")
        try session.type(out)
        try session.sendKeys("Enter")
        try session.waitFor("Exported", timeout: .seconds(30))
        let csv = try String(contentsOfFile: out, encoding: .utf8)
        let lines = csv.components(separatedBy: "\r\n")
        #expect(lines.first == "Period totals")
        let from = String(period.prefix(10)), to = String(period.dropFirst(14).prefix(10))
        #expect(lines.contains { $0.hasPrefix("\(from),\(to),") }, "the totals row names the month shown: \(period)\n\(csv.prefix(400))")
        #expect(csv.contains("Per day") && csv.contains("Per product") && csv.contains("Per substation"))
        // One line per day of the month under the per-day header.
        let perDay = lines.drop { $0 != "Per day" }.dropFirst(2).prefix { !$0.isEmpty }
        #expect(perDay.count == 30, "\(perDay)")
        // The demo's held orders, paid a while ago, are anomalies (explained): Enter on the first opens it in Orders.
        let anomalies = lines.drop { $0 != "Anomalies" }.dropFirst(2).prefix { !$0.isEmpty }
        let first = try #require(anomalies.first?.split(separator: ",").first.map(String.init), "\(csv.suffix(600))")
        try session.type("sss")
        try session.sendKeys("Enter")
        try session.waitUntil(timeout: .seconds(30)) { screen in
            screen.contains { $0.contains("Order \(first)") } && screen.contains { $0.contains("Timeline") }
        }
        try session.type("q")
    }
}
