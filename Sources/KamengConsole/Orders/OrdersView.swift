import KamengDomain
import KamengStorage
import TerminalUI

/// Draws the order list. Every string that came from the database goes through `TerminalSafe.visible`
/// here, at the last step before the Screen, so no stored text can act on the terminal.
enum OrdersView {
    /// One column and how much it matters: on a narrow terminal the least important are left out first,
    /// while those kept stay in their usual order (so the status never vanishes before the quantity).
    struct Field {
        var column: Table.Column
        var priority: Int
        var value: (OrderSummary) -> String
    }

    static func fields(_ state: PaneView<OrdersState>) -> [Field] {
        let zh = state.language == .zh
        let words = Strings(language: state.language, ellipsis: state.glyphs.ellipsis)
        let zone = state.timeZone, today = state.today
        return [
            Field(column: .init(zh ? "订单号" : "Order no", minWidth: 15, weight: 0, keepsEnd: true), priority: 0) { $0.order.orderNo },
            Field(column: .init(zh ? "时间" : "Time", minWidth: 14, weight: 0), priority: 4) {
                ConsoleClock.short($0.order.createdAt, in: zone, today: today)
            },
            Field(column: .init(zh ? "分站" : "Substation", minWidth: 8, weight: 1), priority: 6) { $0.substationCode },
            Field(column: .init(zh ? "商品" : "Product", minWidth: 10, weight: 4), priority: 2) { $0.productName },
            Field(column: .init(zh ? "数量" : "Qty", minWidth: 4, weight: 0, alignment: .right), priority: 5) {
                String($0.order.quantity)
            },
            Field(column: .init(zh ? "金额" : "Amount", minWidth: 10, weight: 0, alignment: .right), priority: 3) {
                $0.order.amount.description
            },
            Field(column: .init(zh ? "状态" : "Status", minWidth: 9, weight: 0), priority: 1) { words.status($0.order.status) },
            Field(column: .init(zh ? "风险" : "Risk", minWidth: 4, weight: 0, alignment: .right), priority: 7) {
                $0.order.riskScore > 0 ? String($0.order.riskScore) : ""
            },
        ]
    }

    /// The fields that fit `width`, dropping the least important first.
    static func fitting(_ all: [Field], width: Int) -> [Field] {
        var kept = all
        func need(_ fields: [Field]) -> Int { fields.reduce(0) { $0 + $1.column.minWidth } + max(0, fields.count - 1) }
        while kept.count > 1, need(kept) > width {
            let least = kept.indices.max { kept[$0].priority < kept[$1].priority }!
            kept.remove(at: least)
        }
        return kept
    }

    /// Held orders and high scores stand out; finished ones recede.
    static func role(_ summary: OrderSummary) -> StyleRole {
        switch summary.order.status {
        case .flagged: return .danger
        case .awaitingStock, .awaitingFunds: return .warn
        case .refunded, .cancelled: return .muted
        default: return summary.order.riskScore >= 70 ? .warn : .normal
        }
    }

    static func render(_ state: PaneView<OrdersState>, into screen: inout Screen, area: Rect) {
        if let detail = state.detail {
            OrderDetailView.render(detail, state, into: &screen, area: area)
            return
        }
        let orders = state.state
        let words = Strings(language: state.language, ellipsis: state.glyphs.ellipsis)
        // Only the rows on screen are formatted: paged deep, the list holds thousands, and formatting all
        // of them made every frame cost more the further down one was. The window is the one the Table
        // would pick itself (same offset rule, same body height), so what is drawn does not change.
        let window = Table.window(area: area, selected: orders.selected, scrollOffset: orders.scrollOffset, rowCount: orders.rows.count)
        // The order number is what support reads back to a buyer and types into `/`: its column widens to
        // the widest number on screen, and less important columns give way first (the number is cut, keeping
        // its end, only when it is wider than the whole table).
        var all = fields(state)
        let widest = orders.rows[window].reduce(0) { max($0, DisplayWidth.width(of: TerminalSafe.visible($1.order.orderNo))) }
        all[0].column.minWidth = max(all[0].column.minWidth, min(widest, area.width))
        let fields = fitting(all, width: area.width)
        let rows = orders.rows[window].map { summary in
            Table.Row(fields.map { TerminalSafe.visible($0.value(summary)) }, role: role(summary))
        }
        let empty = orders.error.map(words.failed) ?? (orders.loaded ? words.noOrders : words.loading)
        var table = Table(columns: fields.map(\.column), rows: rows, selected: rows.isEmpty ? nil : orders.selected - window.lowerBound,
                          scrollOffset: 0, emptyMessage: TerminalSafe.visible(empty), glyphs: state.glyphs)
        table.highlight = ConsoleLayout.tableHighlight
        table.render(into: &screen, area: area)
    }

    /// The filter on the status line: the field while typing after `/`, the query in force otherwise.
    static func renderFilter(_ state: PaneView<OrdersState>, into screen: inout Screen, area: Rect) {
        let words = Strings(language: state.language, ellipsis: state.glyphs.ellipsis)
        screen.fill(area, style: Style(.muted))
        let label = " / " + words.filterPrompt + " "
        let labelWidth = DisplayWidth.width(of: label)
        screen.write(label, at: area.origin, maxWidth: area.width, style: Style(.accent, bold: true))
        let field = Rect(x: area.x + labelWidth, y: area.y, width: max(0, min(48, area.width - labelWidth - 1)), height: 1)
        TextField(state: state.filterText, placeholder: words.filterHelp, focused: state.filtering, glyphs: state.glyphs)
            .render(into: &screen, area: field)
        let count = state.loaded ? " " + (state.reachedEnd ? words.ordersLoaded(state.rows.count, all: true) : "") : ""
        let problems = state.query.problems.joined(separator: "; ")
        let tail = TerminalSafe.visible(problems.isEmpty ? count : " " + problems)
        if field.maxX + 1 < area.maxX {
            screen.write(tail, at: Point(x: field.maxX + 1, y: area.y), maxWidth: area.maxX - field.maxX - 1,
                         style: Style(problems.isEmpty ? .muted : .danger), replacement: state.glyphs.replacement)
        }
    }

    /// The status line's text for this pane.
    static func status(_ state: PaneView<OrdersState>) -> String {
        let words = Strings(language: state.language, ellipsis: state.glyphs.ellipsis)
        let orders = state.state
        if let error = orders.error, orders.loaded { return TerminalSafe.visible(words.failed(error)) }
        if orders.loadingMore { return words.loadingMore }
        if !orders.loaded { return words.loading }
        return words.ordersLoaded(orders.rows.count, all: orders.reachedEnd)
    }
}
