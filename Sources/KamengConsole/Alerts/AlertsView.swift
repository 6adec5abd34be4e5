import KamengDomain
import KamengStore
import TerminalUI

/// Draws the products below their low-stock threshold as a table.
enum AlertsView {
    static func render(_ state: ConsoleState, into screen: inout Screen, area: Rect) {
        let zh = state.language == .zh
        let words = Strings(language: state.language, ellipsis: state.glyphs.ellipsis)
        let alerts = state.alerts
        let columns = [
            Table.Column(zh ? "商品" : "Product", minWidth: 10, weight: 3),
            Table.Column(zh ? "可用" : "Available", minWidth: 9, weight: 0, alignment: .right),
            Table.Column(zh ? "预警线" : "Threshold", minWidth: 9, weight: 0, alignment: .right),
            Table.Column(zh ? "7天内过期" : "Expiring 7d", minWidth: 11, weight: 0, alignment: .right),
            Table.Column("SKU", minWidth: 8, weight: 1),
        ]
        let low = alerts.lowStock
        let rows = low.map { level in
            Table.Row([TerminalSafe.visible(level.product.name), String(level.available),
                       String(level.product.lowStockThreshold), String(level.expiringWithin7Days),
                       TerminalSafe.visible(level.product.sku)],
                      role: level.available == 0 ? .danger : .warn)
        }
        let empty = alerts.error.map(words.failed) ?? (alerts.levels == nil ? words.loading : words.noLowStock)
        var table = Table(columns: columns, rows: rows, selected: rows.isEmpty ? nil : alerts.selected,
                          scrollOffset: alerts.scrollOffset, emptyMessage: TerminalSafe.visible(empty), glyphs: state.glyphs)
        table.highlight = ConsoleLayout.tableHighlight
        table.render(into: &screen, area: area)
    }

    static func status(_ state: ConsoleState) -> String {
        let words = Strings(language: state.language, ellipsis: state.glyphs.ellipsis)
        if let error = state.alerts.error { return TerminalSafe.visible(words.failed(error)) }
        guard let levels = state.alerts.levels else { return words.loading }
        return words.lowStockCount(state.alerts.lowStock.count, of: levels.count)
    }
}
