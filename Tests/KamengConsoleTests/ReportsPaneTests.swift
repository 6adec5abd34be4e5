import Foundation
@testable import KamengConsole
import KamengDomain
import KamengStorage
import TerminalUI
import Testing

/// The Reports pane without a database: goldens in both languages and two sizes, the period keys,
/// the custom period prompt, the permission message, the jump from an anomaly to its order, and the
/// export's sheet.
@Suite("reports pane")
struct ReportsPaneTests {
    @Test(arguments: [(120, 40, UILanguage.zh), (120, 40, .en), (80, 24, .zh), (80, 24, .en)])
    func golden(width: Int, height: Int, language: UILanguage) {
        let state = ReportsFixture.state(width: width, height: height, language: language)
        let screen = render(state, width: width, height: height)
        let text = Golden.text(screen)
        #expect(text.contains(language == .zh ? "收入" : "Revenue"))
        #expect(text.contains("¥80,880.64"), "the week's revenue is shown, grouped")
        Golden.check(screen, "reports-\(language == .zh ? "zh" : "en")-\(width)x\(height)")
    }

    @Test("on a small screen `s` brings each table in turn; the anomalies show their orders")
    func sectionsInTurn() {
        var state = ReportsFixture.state(width: 80, height: 24, language: .zh)
        for _ in 0..<3 { _ = reduce(&state, .command(.nextReportSection)) }
        #expect(state.reports.section == .anomalies)
        let screen = render(state, width: 80, height: 24)
        #expect(Golden.text(screen).contains("K20261207-0042"))
        Golden.check(screen, "reports-anomalies-zh-80x24")
        _ = reduce(&state, .command(.nextReportSection))
        #expect(state.reports.section == .products)
    }

    @Test("without the finance permission the pane says so and reads nothing on its keys")
    func needsFinance() {
        var state = ReportsFixture.state(width: 80, height: 24, language: .zh, role: .support)
        let text = Golden.text(render(state, width: 80, height: 24))
        #expect(text.contains("需要财务权限"))
        #expect(!text.contains("腾讯Q币"))
        Golden.check(render(state, width: 80, height: 24), "reports-needs-finance-zh-80x24")
        #expect(reduce(&state, .command(.reportMonth)).isEmpty)
        #expect(reduce(&state, .command(.exportReport)).isEmpty && state.reports.prompt == nil)
        var none = ReportsFixture.state(width: 80, height: 24, language: .en, role: .support)
        none.role = nil
        let english = Golden.text(render(none, width: 80, height: 24))
        #expect(english.contains("needs the finance permission") && english.contains("operator and admin have it"), "wrapped, not cut")
    }

    @Test("the period keys reload for their period; an answer for an earlier period is dropped")
    func periodKeys() throws {
        var state = ReportsFixture.state()
        let month = try #require(reduce(&state, .command(.reportMonth)).first?.reportsRequest)
        #expect(month.period == .month && state.reports.loading)
        #expect(month.period.days(now: ReportsFixture.now).days.count == 30)
        let today = try #require(reduce(&state, .command(.reportToday)).first?.reportsRequest)
        #expect(today.period == .today && today.generation == month.generation + 1)
        // The month's answer arrives late: dropped.
        var other = ReportsFixture.report
        other.days = BusinessDays.last(30, now: ReportsFixture.now)
        _ = reduce(&state, .reports(.reportLoaded(generation: month.generation, other)))
        #expect(state.reports.report?.days == ReportsFixture.days)
        var single = ReportsFixture.report
        single.days = today.period.days(now: ReportsFixture.now)
        _ = reduce(&state, .reports(.reportLoaded(generation: today.generation, single)))
        #expect(state.reports.report?.days.days.count == 1 && state.reports.reconciling)
        _ = reduce(&state, .reports(.reconciled(generation: today.generation, ReportsFixture.reconciliation)))
        #expect(!state.reports.loading && !state.reports.reconciling)
    }

    @Test("`c` asks for two days; unreadable text is refused naming it, and the prompt stays")
    func customPeriod() throws {
        var state = ReportsFixture.state()
        _ = reduce(&state, .command(.reportCustom))
        #expect(state.capturesKeys)
        for c in "2026-11-31 x" { _ = reduce(&state, .typed(.char(c))) }
        #expect(reduce(&state, .typed(.enter)).isEmpty)
        #expect(state.reports.notice?.contains("2026-11-31 x") == true && state.reports.prompt != nil)
        _ = reduce(&state, .typed(.ctrl("u")))
        for c in "2026-11-30 2026-11-01" { _ = reduce(&state, .typed(.char(c))) }
        let request = try #require(reduce(&state, .typed(.enter)).first?.reportsRequest)
        #expect(request.period == .custom(BusinessDays(from: BusinessDay("2026-11-01")!, to: BusinessDay("2026-11-30")!)))
        #expect(state.reports.prompt == nil)
        #expect(ReportPeriod.parse("2026-01-01 2027-06-01") == nil, "more than a year is refused")
        #expect(ReportPeriod.parse("2026-12-08")?.days.count == 1)
    }

    @Test("Enter on an anomaly opens Orders filtered to its order, and the order's detail once the list has it")
    func anomalyJumpsToItsOrder() throws {
        var state = ReportsFixture.state()
        _ = reduce(&state, .command(.activate))
        #expect(state.pane == .reports, "Enter on the products table does nothing")
        for _ in 0..<3 { _ = reduce(&state, .command(.nextReportSection)) }
        _ = reduce(&state, .command(.moveDown))
        let effects = reduce(&state, .command(.activate))
        #expect(state.pane == .orders)
        let request = try #require(effects.first?.ordersRequest)
        #expect(request.query.words == ["K20261207-0042"])
        #expect(state.orders.filterText.value == "K20261207-0042")
        var row = Fixture.order(3, id: 102)
        row.order.orderNo = "K20261207-0042"
        let opened = reduce(&state, .ordersLoaded(request, [row]))
        #expect(opened == [.orders(.loadDetail(row))])
        #expect(state.orders.openWhenLoaded == nil)
    }

    @Test("`e` asks for a path named after the period; Enter exports every table, formula-guarded")
    func exportSheet() throws {
        var state = ReportsFixture.state()
        _ = reduce(&state, .command(.exportReport))
        guard case .exportPath(let field)? = state.reports.prompt else { Issue.record("no path prompt"); return }
        #expect(field.value == "report-2026-12-02-2026-12-08.csv")
        _ = reduce(&state, .typed(.ctrl("u")))
        #expect(reduce(&state, .typed(.enter)).isEmpty && state.reports.notice == "请输入文件名（.csv 或 .xlsx）" && state.reports.prompt != nil)
        for c in "report-2026-12-02-2026-12-08.csv" { _ = reduce(&state, .typed(.char(c))) }
        let effects = reduce(&state, .typed(.enter))
        guard case .pane(let message)? = effects.first, case let .export(path, sheet)? = message.value(as: ReportsEffect.self) else {
            Issue.record("no export effect: \(effects)")
            return
        }
        #expect(path == "report-2026-12-02-2026-12-08.csv" && state.reports.exporting)
        #expect(sheet.sections.count == 6)
        #expect(sheet.rowCount == 1 + 7 + 4 + 3 + 2 + 3)
        let csv = sheet.csv
        #expect(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "a name that looks like a formula is neutralised")
        #expect(csv.contains(",-500.00,"), "a plain negative amount stays a number")
        #expect(csv.contains(Fixture.longName))
        _ = reduce(&state, .reports(.exported(path: path, rows: sheet.rowCount)))
        #expect(!state.reports.exporting && state.reports.notice?.contains("已导出 20 行") == true)
    }

    @Test("the export is written whole, never over an existing file; .xlsx writes a workbook")
    func exportFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kameng-reports-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let words = Strings(language: .en, ellipsis: "…")
        let sheet = ReportSheet.of(ReportsFixture.report, ReportsFixture.reconciliation, words)
        let csv = dir.appendingPathComponent("r.csv").path
        try ReportFile.write(sheet, to: csv, shownAs: "r.csv")
        #expect(try String(contentsOfFile: csv, encoding: .utf8) == sheet.csv)
        #expect(throws: StoreError.self) { try ReportFile.write(sheet, to: csv, shownAs: "r.csv") }
        let xlsx = dir.appendingPathComponent("r.xlsx").path
        try ReportFile.write(sheet, to: xlsx, shownAs: "r.xlsx")
        let data = try Data(contentsOf: URL(fileURLWithPath: xlsx))
        #expect(data.prefix(2) == Data("PK".utf8))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".part") }
        #expect(leftovers.isEmpty)
    }
}

/// When the Reports pane reads: not at start, on first showing, on commits while in front (one reload
/// at a time, one more after), and when shown again after commits behind other panes.
@Suite("reports pane: when it reads")
struct ReportsReloadTests {
    @Test func readsWhenShownAndFollowsCommits() throws {
        var state = Fixture.state(rows: [], width: 120, height: 40)
        state.role = .finance
        #expect(state.reports.report == nil && !state.reports.loading, "nothing read at start")
        _ = reduce(&state, .dataVersionPolled(1))
        #expect(reduce(&state, .dataVersionPolled(2)).reportsRequest == nil, "a commit before the pane was ever shown reads nothing")
        let first = try #require(reduce(&state, .command(.showReports)).reportsRequest)
        #expect(first.period == .week && !first.followsCommit)
        // A commit while the first read runs is followed by one more read when it answers.
        #expect(reduce(&state, .dataVersionPolled(3)).reportsRequest == nil)
        _ = reduce(&state, .reports(.reportLoaded(generation: first.generation, ReportsFixture.report)))
        let again = try #require(reduce(&state, .reports(.reconciled(generation: first.generation, ReportsFixture.reconciliation))).reportsRequest)
        #expect(again.followsCommit && again.generation == first.generation + 1)
        _ = reduce(&state, .reports(.loadFailed(generation: again.generation, "disk on fire")))
        #expect(Golden.text(render(state, width: 120, height: 40)).contains("disk on fire"))
        // Behind another pane, commits only mark it stale; showing it reads once.
        _ = reduce(&state, .command(.showOrders))
        #expect(reduce(&state, .dataVersionPolled(4)).reportsRequest == nil)
        #expect(reduce(&state, .command(.showReports)).reportsRequest?.followsCommit == true)
    }

    @Test("more days than columns: the chart shows the latest, and the axis names the last day")
    func chartKeepsTheLatestDays() {
        let days = BusinessDays(from: BusinessDay("2026-09-10")!, to: BusinessDay("2026-12-08")!).days
        let values = days.indices.map { Money(fen: Int64(($0 % 7 + 1) * 10_000)) }
        var screen = Screen(width: 60, height: 5)
        DailyBars(title: "Revenue/day", days: days, values: values, glyphs: .ascii)
            .render(into: &screen, area: Rect(x: 0, y: 0, width: 60, height: 5)) { "\($0)" }
        let lines = Golden.text(screen).split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.contains("12-08") }, "\(lines.joined(separator: "\n"))")
        #expect(!lines.contains { $0.contains("09-10") }, "the oldest days that do not fit are left out")
        #expect(lines.contains { $0.contains("#") })
    }
}
