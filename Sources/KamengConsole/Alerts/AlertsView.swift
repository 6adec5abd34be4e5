import Foundation
import KamengDomain
import KamengStorage
import TerminalUI

/// Draws the alerts: most urgent first, with sales per day, days of cover and a 14-day sparkline.
enum AlertsView {
    static func render(_ state: PaneView<AlertsState>, into screen: inout Screen, area: Rect) {
        let zh = state.language == .zh
        let words = Strings(language: state.language, ellipsis: state.glyphs.ellipsis)
        let alerts = state.state
        let columns = [
            Table.Column(zh ? "商品" : "Product", minWidth: 10, weight: 3),
            Table.Column(zh ? "可用" : "Available", minWidth: 9, weight: 0, alignment: .right),
            Table.Column(zh ? "预警线" : "Threshold", minWidth: 9, weight: 0, alignment: .right),
            Table.Column(zh ? "日均" : "Per day", minWidth: 7, weight: 0, alignment: .right),
            Table.Column(zh ? "可售天数" : "Cover", minWidth: 8, weight: 0, alignment: .right),
            Table.Column(zh ? "近14天" : "Last 14 d", minWidth: 14, weight: 0),
            Table.Column(zh ? "即将过期" : "Expiring", minWidth: 8, weight: 0, alignment: .right),
            Table.Column(zh ? "原因" : "Why", minWidth: 10, weight: 2),
            Table.Column("SKU", minWidth: 8, weight: 1),
        ]
        let rows = alerts.rows.map { row in
            let level = row.level, alert = row.alert
            var why = alert.reasons.map { $0.title(chinese: zh) }.joined(separator: zh ? "、" : ", ")
            if let ack = row.ack { why = (ack.snoozedUntil == nil ? words.acknowledgedBy(ack.by) : words.snoozedBy(ack.by)) + " · " + why }
            return Table.Row([TerminalSafe.visible(level.product.name), String(level.available), String(level.product.lowStockThreshold),
                              words.perDay(alert.averageDailySales), words.cover(alert.daysOfCover), sparkline(row.history, state.glyphs),
                              level.expiringWithin7Days.map(String.init) ?? "…", TerminalSafe.visible(why), TerminalSafe.visible(level.product.sku)],
                             role: row.ack != nil ? .muted : (level.available == 0 ? .danger : .warn))
        }
        let empty = alerts.error.map(words.failed) ?? (alerts.levels == nil ? words.loading : words.noLowStock)
        var table = Table(columns: columns, rows: rows, selected: rows.isEmpty ? nil : alerts.selected,
                          scrollOffset: alerts.scrollOffset, emptyMessage: TerminalSafe.visible(empty), glyphs: state.glyphs)
        table.highlight = ConsoleLayout.tableHighlight
        table.render(into: &screen, area: area)
        if let edit = alerts.editing { renderEdit(edit, state, words, into: &screen, area: area) }
    }

    /// The series as text for a table cell: one level glyph per day, scaled to the series' own peak.
    static func sparkline(_ values: [Int], _ glyphs: Glyphs) -> String {
        guard !values.isEmpty, !glyphs.sparkline.isEmpty else { return "" }
        let levels = Sparkline.levels(values.map(Double.init), count: glyphs.sparkline.count)
        return String(levels.map { glyphs.sparkline[$0] })
    }

    private static func renderEdit(_ edit: ThresholdEdit, _ state: PaneView<AlertsState>, _ words: Strings, into screen: inout Screen, area: Rect) {
        PromptBox(lines: [TerminalSafe.visible(words.thresholdPrompt(edit.sku))], field: edit.field, maxWidth: 56, fieldWidth: 12)
            .render(into: &screen, area: area, glyphs: state.glyphs)
    }

    static func status(_ state: PaneView<AlertsState>) -> String {
        let words = Strings(language: state.language, ellipsis: state.glyphs.ellipsis)
        if let notice = state.notice { return TerminalSafe.visible(notice) }
        if let error = state.error { return TerminalSafe.visible(words.failed(error)) }
        guard let levels = state.levels else { return words.loading }
        return words.alertsStatus(state.rows.count, of: levels.count, showingAll: state.showAll)
    }
}

extension Strings {
    /// Sales per day: one decimal under 10, whole numbers above (String(format:) is slow on Linux).
    func perDay(_ value: Double) -> String {
        if value == 0 { return "0" }
        if value >= 10 { return String(Int(value.rounded())) }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
    func cover(_ days: Double?) -> String {
        guard let days else { return "∞" }
        return days < 1 ? text("<1 天", "<1 d") : text("\(Int(days)) 天", "\(Int(days)) d")
    }
    func acknowledgedBy(_ who: String) -> String { text("已确认(\(who))", "ack'd by \(who)") }
    func snoozedBy(_ who: String) -> String { text("已暂缓(\(who))", "snoozed by \(who)") }
    func thresholdPrompt(_ sku: String) -> String { text("\(sku) 的预警线（可用数低于它时预警），回车保存", "Low-stock threshold for \(sku); Enter saves") }
    func alertsStatus(_ count: Int, of total: Int, showingAll: Bool) -> String {
        text("\(count) 个商品需要补货（共 \(total) 个）", "\(count) of \(total) products need stock") + (showingAll ? text("，含已确认", ", acknowledged included") : "")
    }
    func acknowledged(_ sku: String, snoozed: Bool) -> String {
        snoozed ? text("\(sku) 已暂缓 24 小时", "\(sku) snoozed for 24 h") : text("\(sku) 已确认：库存继续下降时会再次预警", "\(sku) acknowledged: it comes back if stock keeps falling")
    }
    func thresholdSet(_ sku: String, _ value: Int) -> String { text("\(sku) 的预警线改为 \(value)", "\(sku) threshold set to \(value)") }
}
