import Foundation
import KamengDomain
import KamengStorage
import TerminalUI

/// Draws the Reports pane: the period, the headline figures, revenue per day, and the tables.
enum ReportsView {
    static func render(_ view: PaneView<ReportsState>, into screen: inout Screen, area: Rect) {
        screen.fill(area, style: Style())
        let words = view.words
        guard view.context.role?.may(.viewFinance) == true else {
            message(words.needsFinance, role: .warn, into: &screen, area: area, view.glyphs)
            return
        }
        let layout = ReportsLayout(area, section: view.section)
        renderPeriod(view, words, into: &screen, area: layout.period)
        guard let report = view.report else {
            message(view.error.map(words.failed) ?? words.loading, role: view.error == nil ? .muted : .danger,
                    into: &screen, area: Rect(x: area.x, y: layout.figures.y, width: area.width, height: max(1, area.maxY - layout.figures.y)), view.glyphs)
            renderPrompt(view, words, into: &screen, area: area)
            return
        }
        renderFigures(report.totals, words, into: &screen, area: layout.figures, view.glyphs)
        DailyBars(title: words.reportRevenuePerDay, days: report.perDay.map(\.day), values: report.perDay.map(\.figures.revenue),
                  glyphs: view.glyphs)
            .render(into: &screen, area: layout.chart) { words.money($0) }
        if let bar = layout.sectionBar { renderSectionBar(view, words, into: &screen, area: bar) }
        for (section, rect) in layout.tables {
            if layout.isGrid {
                let title = words.sectionTitle(section, count: view.state.count(section))
                screen.write(title, at: rect.origin, maxWidth: rect.width,
                             style: Style(section == view.section ? .accent : .header, bold: true), replacement: view.glyphs.replacement)
            }
            if let tableArea = layout.tableArea(section) { ReportsTables.render(section, view, words, into: &screen, area: tableArea) }
        }
        renderPrompt(view, words, into: &screen, area: area)
    }

    /// "[今天] [7 天] [30 天] [自定义]  2026-12-02 至 2026-12-08（北京时间）", the period in force marked.
    private static func renderPeriod(_ view: PaneView<ReportsState>, _ words: Strings, into screen: inout Screen, area: Rect) {
        guard !area.isEmpty else { return }
        var x = area.x
        let choices: [(String, Bool)] = [
            (words.periodToday, view.period == .today), (words.periodWeek, view.period == .week),
            (words.periodMonth, view.period == .month), (words.periodCustom, { if case .custom = view.period { true } else { false } }()),
        ]
        for (title, chosen) in choices {
            let text = " \(title) "
            guard x + DisplayWidth.width(of: text) <= area.maxX else { return }
            screen.write(text, at: Point(x: x, y: area.y), style: chosen ? Style(.tabActive, bold: true, reverse: true) : Style(.tabInactive))
            x += DisplayWidth.width(of: text) + 1
        }
        if let days = view.report?.days {
            screen.write(" " + words.periodDays(days), at: Point(x: x, y: area.y), maxWidth: max(0, area.maxX - x), style: Style(.muted))
        }
    }

    private static func renderFigures(_ totals: MoneyFigures, _ words: Strings, into screen: inout Screen, area: Rect, _ glyphs: Glyphs) {
        let lines: [[(String, String)]] = [
            [(words.reportRevenue, words.money(totals.revenue)), (words.reportMargin, words.money(totals.margin)),
             (words.reportCommission, words.money(totals.commission))],
            [(words.reportCharged, words.money(totals.charged)), (words.reportOrders, words.count(totals.orders)),
             (words.reportRefunds, words.refundsFigure(totals.refunds, totals.refunded))],
        ]
        let cell = max(1, area.width / 3)
        for (row, figures) in lines.enumerated() where row < area.height {
            for (i, (label, value)) in figures.enumerated() {
                let x = area.x + i * cell
                let labelText = label + " "
                screen.write(labelText, at: Point(x: x, y: area.y + row), maxWidth: cell, style: Style(.muted))
                let vx = x + DisplayWidth.width(of: labelText)
                screen.write(value, at: Point(x: vx, y: area.y + row), maxWidth: max(0, x + cell - vx - 1),
                             style: Style(totals.margin.fen < 0 && i == 1 && row == 0 ? .danger : .title, bold: true),
                             replacement: glyphs.replacement)
            }
        }
    }

    private static func renderSectionBar(_ view: PaneView<ReportsState>, _ words: Strings, into screen: inout Screen, area: Rect) {
        var x = area.x
        for section in ReportSection.allCases {
            let text = " \(words.sectionTitle(section, count: view.state.count(section))) "
            let width = DisplayWidth.width(of: text)
            guard x + width <= area.maxX else { return }
            screen.write(text, at: Point(x: x, y: area.y),
                         style: section == view.section ? Style(.tabActive, bold: true, reverse: true) : Style(.tabInactive))
            x += width + 1
        }
    }

    private static func renderPrompt(_ view: PaneView<ReportsState>, _ words: Strings, into screen: inout Screen, area: Rect) {
        guard let prompt = view.prompt else { return }
        switch prompt {
        case .customPeriod(let field):
            PromptBox(lines: [words.customPeriodPrompt, words.customPeriodExample], field: field, placeholder: "2026-11-01 2026-11-30",
                      maxWidth: 60, height: 7)
                .render(into: &screen, area: area, glyphs: view.glyphs)
        case .exportPath(let field):
            PromptBox(lines: [words.exportPrompt, words.exportFormats], field: field, maxWidth: 72, height: 7)
                .render(into: &screen, area: area, glyphs: view.glyphs)
        }
    }

    private static func message(_ text: String, role: StyleRole, into screen: inout Screen, area: Rect, _ glyphs: Glyphs) {
        guard !area.isEmpty else { return }
        // Wrapped, not cut: the permission message is a sentence that must be read whole at 80 columns.
        let lines = Array(TextFit.wrap(TerminalSafe.visible(text), width: max(1, area.width - 4)).prefix(area.height))
        let top = area.y + (area.height - lines.count) / 2
        for (i, line) in lines.enumerated() {
            screen.write(TextFit.pad(line, toWidth: area.width, alignment: .center, ellipsis: glyphs.ellipsis), at: Point(x: area.x, y: top + i),
                         maxWidth: area.width, style: Style(role), replacement: glyphs.replacement)
        }
    }

    static func status(_ view: PaneView<ReportsState>) -> String {
        let words = view.words
        guard view.context.role?.may(.viewFinance) == true else { return words.needsFinanceShort }
        if let notice = view.notice { return TerminalSafe.visible(notice) }
        if let error = view.error { return TerminalSafe.visible(words.failed(error)) }
        guard let report = view.report else { return words.loading }
        return words.reportsStatus(report, view.reconciliation, reconciling: view.reconciling)
    }
}
