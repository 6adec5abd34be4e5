import KamengDomain
import KamengStorage
import TerminalUI

/// The Reports pane's four tables. Columns are in order of importance: a narrow area drops the last.
enum ReportsTables {
    static func render(_ section: ReportSection, _ view: PaneView<ReportsState>, _ words: Strings, into screen: inout Screen, area: Rect) {
        let (columns, rows, empty) = content(section, view, words)
        let focused = section == view.section
        var table = Table(columns: columns, rows: rows, selected: focused && !rows.isEmpty ? view.state.selection(section) : nil,
                          scrollOffset: view.scrollOffset[section] ?? 0, emptyMessage: TerminalSafe.visible(empty), glyphs: view.glyphs)
        table.highlight = ConsoleLayout.tableHighlight
        table.render(into: &screen, area: area)
    }

    private static func money(_ title: String) -> Table.Column { Table.Column(title, minWidth: 11, weight: 0, alignment: .right) }
    private static func number(_ title: String) -> Table.Column { Table.Column(title, minWidth: 5, weight: 0, alignment: .right) }

    private static func content(_ section: ReportSection, _ view: PaneView<ReportsState>, _ words: Strings)
        -> (columns: [Table.Column], rows: [Table.Row], empty: String) {
        let report = view.report
        switch section {
        case .products, .substations:
            let named = (section == .products ? report?.perProduct : report?.perSubstation) ?? []
            let columns = [Table.Column(section == .products ? words.reportProduct : words.reportSubstation, minWidth: 8, weight: 3),
                           number(words.reportOrders), money(words.reportRevenue), money(words.reportMargin), money(words.reportCharged),
                           money(words.reportCommission), number(words.reportRefunds),
                           Table.Column(section == .products ? "SKU" : words.reportCode, minWidth: 8, weight: 1)]
            let rows = named.map { row in
                let f = row.figures
                return Table.Row([TerminalSafe.visible(row.name), words.count(f.orders), words.amount(f.revenue), words.amount(f.margin),
                                  words.amount(f.charged), words.amount(f.commission), words.count(f.refunds), TerminalSafe.visible(row.key)],
                                 role: f.margin.fen < 0 ? .danger : .normal)
            }
            return (columns, rows, words.reportNothing)
        case .lowBalances:
            let columns = [Table.Column(words.reportSubstation, minWidth: 12, weight: 3), money(words.reportAvailable),
                           Table.Column(words.reportCoverDays, minWidth: 8, weight: 0, alignment: .right), money(words.reportDailyCharge),
                           number(words.reportAwaitingFunds), money(words.reportBalance), money(words.reportCreditLimit),
                           Table.Column(words.reportCode, minWidth: 8, weight: 1)]
            let rows = (report?.lowBalances ?? []).map { low in
                Table.Row([TerminalSafe.visible(low.balance.name), words.amount(low.balance.available), words.coverDaysFigure(low.daysOfCover),
                           words.amount(low.dailyCharge), words.count(low.balance.awaitingFunds), words.amount(low.balance.balance),
                           words.amount(low.balance.creditLimit), TerminalSafe.visible(low.balance.code)],
                          role: low.balance.available.fen <= 0 || low.balance.awaitingFunds > 0 ? .danger : .warn)
            }
            return (columns, rows, words.noLowBalances(view.coverDays))
        case .anomalies:
            let columns = [Table.Column(words.reportOrderNo, minWidth: 14, weight: 1, keepsEnd: true),
                           Table.Column(words.reportAnomalyKind, minWidth: 10, weight: 1),
                           Table.Column(words.reportStatus, minWidth: 8, weight: 0),
                           Table.Column(words.reportDetail, minWidth: 10, weight: 2),
                           Table.Column(words.reportCode, minWidth: 8, weight: 1)]
            let rows = (view.reconciliation?.anomalies ?? []).map { anomaly in
                Table.Row([TerminalSafe.visible(anomaly.orderNo), words.anomalyKind(anomaly.kind), words.status(anomaly.status),
                           TerminalSafe.visible(anomaly.detail), TerminalSafe.visible(anomaly.substationCode)],
                          role: anomaly.isExplained ? .muted : .danger)
            }
            let empty = view.reconciling || (view.reconciliation == nil && view.error == nil) ? words.reconciling : words.noAnomalies
            return (columns, rows, empty)
        }
    }
}
