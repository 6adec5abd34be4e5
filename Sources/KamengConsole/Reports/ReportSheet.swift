import Foundation
import KamengDomain
import KamengStorage

/// What `e` exports: every table the pane shows for its period, all rows (the screen shows what fits),
/// as sections of a title, a header and rows. Built by the reducer (pure), written by an effect.
public struct ReportSheet: Equatable, Sendable {
    public struct Section: Equatable, Sendable {
        public var title: String
        public var header: [String]
        public var rows: [[String]]
    }

    public var sections: [Section]

    /// Data rows over every section (what the status line reports after writing).
    public var rowCount: Int { sections.reduce(0) { $0 + $1.rows.count } }

    /// The sheet of `report` and `reconciliation` in `language`'s words. Amounts are yuan with two
    /// decimals and no currency sign, so a spreadsheet reads them as numbers.
    static func of(_ report: MoneyReport, _ reconciliation: ReconciliationReport?, _ words: Strings) -> ReportSheet {
        func money(_ value: Money) -> String { value.yuanString }
        let figureHeader = [words.reportOrders, words.reportUnits, words.reportGross, words.reportCharged, words.reportCommission,
                            words.reportRevenue, words.reportCost, words.reportMargin, words.reportRefunds, words.reportRefunded]
        func figures(_ f: MoneyFigures) -> [String] {
            [String(f.orders), String(f.units), money(f.gross), money(f.charged), money(f.commission),
             money(f.revenue), money(f.cost), money(f.margin), String(f.refunds), money(f.refunded)]
        }
        var sections = [
            Section(title: words.reportPeriodTitle, header: [words.reportFrom, words.reportTo] + figureHeader,
                    rows: [[report.days.from.description, report.days.to.description] + figures(report.totals)]),
            Section(title: words.reportPerDay, header: [words.reportDay] + figureHeader,
                    rows: report.perDay.map { [$0.day.description] + figures($0.figures) }),
            Section(title: words.reportPerProduct, header: ["SKU", words.reportProduct] + figureHeader,
                    rows: report.perProduct.map { [$0.key, $0.name] + figures($0.figures) }),
            Section(title: words.reportPerSubstation, header: [words.reportCode, words.reportSubstation] + figureHeader,
                    rows: report.perSubstation.map { [$0.key, $0.name] + figures($0.figures) }),
            Section(title: words.reportLowBalances,
                    header: [words.reportCode, words.reportSubstation, words.reportBalance, words.reportCreditLimit,
                             words.reportAvailable, words.reportDailyCharge, words.reportCoverDays, words.reportAwaitingFunds],
                    rows: report.lowBalances.map { low in
                        [low.balance.code, low.balance.name, money(low.balance.balance), money(low.balance.creditLimit),
                         money(low.balance.available), money(low.dailyCharge), words.coverDaysFigure(low.daysOfCover),
                         String(low.balance.awaitingFunds)]
                    }),
        ]
        if let reconciliation {
            sections.append(Section(title: words.reportAnomalies,
                                    header: [words.reportOrderNo, words.reportAnomalyKind, words.reportCode, words.reportStatus,
                                             words.reportExplained, words.reportDetail],
                                    rows: reconciliation.anomalies.map { anomaly in
                                        [anomaly.orderNo, words.anomalyKind(anomaly.kind), anomaly.substationCode,
                                         words.status(anomaly.status), anomaly.isExplained ? words.yes : words.no, anomaly.detail]
                                    }))
        }
        return ReportSheet(sections: sections)
    }

    /// The sheet as CSV: each section's title, header and rows, a blank line between sections; every
    /// cell formula-guarded (`CSVExport`) except plain numbers, which a guard would turn into text.
    public var csv: String {
        sections.map { section in
            CSVExport.document(header: [section.title], rows: []) + Self.document(header: section.header, rows: section.rows)
        }.joined(separator: "\r\n")
    }

    static func document(header: [String], rows: [[String]]) -> String {
        ([header] + rows).map { $0.map(csvField).joined(separator: ",") + "\r\n" }.joined()
    }

    static func csvField(_ cell: String) -> String { isPlainNumber(cell) ? cell : CSVExport.field(cell) }

    /// "-12.34", "7", "0.5": digits with an optional leading minus and one point, nothing a spreadsheet runs.
    static func isPlainNumber(_ cell: String) -> Bool {
        var body = Substring(cell)
        if body.first == "-" { body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return false }
        return parts.allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
    }
}
