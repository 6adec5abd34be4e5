import KamengDomain
import KamengStorage

/// The Reports pane's words, zh and en.
extension Strings {
    var reportOrders: String { text("订单", "Orders") }
    var reportUnits: String { text("数量", "Units") }
    var reportGross: String { text("零售额", "Gross") }
    var reportCharged: String { text("扣款", "Charged") }
    var reportCommission: String { text("佣金", "Commission") }
    var reportRevenue: String { text("收入", "Revenue") }
    var reportCost: String { text("成本", "Cost") }
    var reportMargin: String { text("毛利", "Margin") }
    var reportRefunds: String { text("退款", "Refunds") }
    var reportRefunded: String { text("退款金额", "Refunded") }
    var reportPeriodTitle: String { text("期间合计", "Period totals") }
    var reportFrom: String { text("起", "From") }
    var reportTo: String { text("止", "To") }
    var reportPerDay: String { text("每日", "Per day") }
    var reportDay: String { text("日期", "Day") }
    var reportPerProduct: String { text("按商品", "Per product") }
    var reportProduct: String { text("商品", "Product") }
    var reportPerSubstation: String { text("按分站", "Per substation") }
    var reportCode: String { text("编码", "Code") }
    var reportSubstation: String { text("分站", "Substation") }
    var reportLowBalances: String { text("余额不足", "Low balances") }
    var reportBalance: String { text("余额", "Balance") }
    var reportCreditLimit: String { text("授信", "Credit") }
    var reportAvailable: String { text("可用", "Available") }
    var reportDailyCharge: String { text("日均扣款", "Per day") }
    var reportCoverDays: String { text("可用天数", "Cover") }
    var reportAwaitingFunds: String { text("待付款", "No funds") }
    var reportAnomalies: String { text("对账异常", "Anomalies") }
    var reportAnomalyKind: String { text("类型", "Kind") }
    var reportOrderNo: String { text("订单号", "Order") }
    var reportStatus: String { text("状态", "Status") }
    var reportExplained: String { text("已说明", "Explained") }
    var reportDetail: String { text("说明", "Detail") }
    var reportRevenuePerDay: String { text("每日收入", "Revenue/day") }
    var reportNothing: String { text("这段时间没有扣款", "No charges in this period") }
    var reconciling: String { text("正在对账", "Reconciling") + ellipsis }
    var noAnomalies: String { text("对账无异常", "Reconciliation found nothing") }
    var yes: String { text("是", "yes") }
    var no: String { text("否", "no") }

    var periodToday: String { text("今天", "Today") }
    var periodWeek: String { text("7 天", "7 days") }
    var periodMonth: String { text("30 天", "30 days") }
    var periodCustom: String { text("自定义", "Custom") }
    func periodDays(_ days: BusinessDays) -> String {
        let count = days.days.count
        return days.from == days.to ? text("\(days.from)（北京时间）", "\(days.from) (UTC+8)")
            : text("\(days.from) 至 \(days.to)，\(count) 天（北京时间）", "\(days.from) to \(days.to), \(count) days (UTC+8)")
    }

    var needsFinance: String {
        text("报表需要财务权限（查看余额、对账单、报表和对账）：财务、运营和管理员有此权限",
             "Reports need the finance permission (read balances, statements, reports and reconciliation): finance, operator and admin have it")
    }
    var needsFinanceShort: String { text("报表：需要财务权限", "Reports: needs the finance permission") }

    var customPeriodPrompt: String { text("自定义期间：起止日期（北京时间，含两端），回车确定", "Custom period: first and last day (UTC+8, both included); Enter") }
    var customPeriodExample: String { text("例如 2026-11-01 2026-11-30", "e.g. 2026-11-01 2026-11-30") }
    func badPeriod(_ typed: String) -> String {
        text("期间“\(TerminalSafe.visible(typed))”无法识别：请输入 YYYY-MM-DD YYYY-MM-DD（最多 366 天）",
             "Period \"\(TerminalSafe.visible(typed))\" not understood: type YYYY-MM-DD YYYY-MM-DD (at most 366 days)")
    }
    var exportPrompt: String { text("导出当前报表到文件，回车写入", "Export this report to a file; Enter writes it") }
    var exportFormats: String { text("以 .xlsx 结尾写 Excel 工作簿，否则写 CSV", "A name ending in .xlsx writes a workbook, anything else CSV") }
    var exportNeedsPath: String { text("请输入文件名（.csv 或 .xlsx）", "Type a file name (.csv or .xlsx)") }
    func exporting(_ path: String) -> String { text("正在导出到 \(TerminalSafe.visible(path))", "Exporting to \(TerminalSafe.visible(path))") + ellipsis }
    func exported(_ path: String, rows: Int) -> String {
        text("已导出 \(rows) 行到 \(TerminalSafe.visible(path))", "Exported \(rows) rows to \(TerminalSafe.visible(path))")
    }
    func exportFailed(_ message: String) -> String { text("导出失败：", "Export failed: ") + TerminalSafe.visible(message) }

    func sectionTitle(_ section: ReportSection, count: Int) -> String {
        let title: String
        switch section {
        case .products: title = reportPerProduct
        case .substations: title = reportPerSubstation
        case .lowBalances: title = reportLowBalances
        case .anomalies: title = reportAnomalies
        }
        return "\(title) (\(count))"
    }

    func noLowBalances(_ days: Int) -> String {
        text("没有分站的余额不足 \(days) 天", "No substation's funds run out within \(days) days")
    }

    func anomalyKind(_ kind: AnomalyKind) -> String {
        switch kind {
        case .paidNotDelivered: text("已付未发", "paid, not delivered")
        case .deliveredWithoutCharge: text("发货未扣款", "delivered, no charge")
        case .chargeWithoutDelivery: text("扣款未发货", "charged, no delivery")
        case .doublePayment: text("重复付款", "double payment")
        case .amountMismatch: text("金额不符", "amount mismatch")
        }
    }

    /// Days of cover: "<1 天", "3.5 天", "12 天".
    func coverDaysFigure(_ days: Double) -> String {
        guard days.isFinite else { return "∞" }
        if days < 1 { return text("<1 天", "<1 d") }
        let figure = days < 10 ? perDay(days) : String(Int(days))
        return text("\(figure) 天", "\(figure) d")
    }

    /// "¥12,345.67": grouped so a large sum reads at a glance.
    func money(_ value: Money) -> String { (value.fen < 0 ? "-" : "") + "¥" + Self.grouped(value) }
    /// A table cell: grouped, no currency sign (the header says what it is).
    func amount(_ value: Money) -> String { (value.fen < 0 ? "-" : "") + Self.grouped(value) }
    func count(_ value: Int) -> String { Self.groupedInteger(UInt64(value.magnitude), negative: value < 0) }
    func refundsFigure(_ count: Int, _ amount: Money) -> String { "\(self.count(count)) (\(money(amount)))" }

    private static func grouped(_ value: Money) -> String {
        let magnitude = value.fen.magnitude
        let cents = magnitude % 100
        return groupedInteger(magnitude / 100, negative: false) + "." + (cents < 10 ? "0" : "") + String(cents)
    }

    private static func groupedInteger(_ value: UInt64, negative: Bool) -> String {
        let digits = Array(String(value))
        var out = ""
        for (i, digit) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return (negative ? "-" : "") + out
    }

    func reportsStatus(_ report: MoneyReport, _ reconciliation: ReconciliationReport?, reconciling: Bool) -> String {
        let head = text("报表 \(report.days.from) 至 \(report.days.to)", "Report \(report.days.from) to \(report.days.to)")
        guard let reconciliation, !reconciling else { return head + " · " + self.reconciling }
        let unexplained = reconciliation.unexplained.count
        let anomalies = reconciliation.anomalies.count
        guard anomalies > 0 else { return head + " · " + noAnomalies }
        return head + " · " + text("\(anomalies) 个对账异常，\(unexplained) 个未说明", "\(anomalies) anomalies, \(unexplained) unexplained")
    }
}
