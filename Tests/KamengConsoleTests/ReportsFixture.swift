import Foundation
@testable import KamengConsole
import KamengDomain
import KamengStorage

/// A week of money for the Reports pane without a database: Chinese names, the long product name, a
/// name that looks like a formula, a substation running short and one anomaly of each kind.
enum ReportsFixture {
    static let days = BusinessDays(from: BusinessDay("2026-12-02")!, to: BusinessDay("2026-12-08")!)
    /// Inside the last day (UTC+8), for the relative periods.
    static let now = BusinessDay("2026-12-08")!.start.addingTimeInterval(15 * 3600)

    static func figures(orders: Int, charged: Int64, commission: Int64, cost: Int64, refunds: Int = 0, refunded: Int64 = 0) -> MoneyFigures {
        var f = MoneyFigures()
        f.orders = orders
        f.units = orders * 2
        f.gross = Money(fen: charged * 105 / 100)
        f.charged = Money(fen: charged)
        f.commission = Money(fen: commission)
        f.cost = Money(fen: cost)
        f.refunds = refunds
        f.refunded = Money(fen: refunded)
        return f
    }

    static let perDay: [DayFigures] = days.days.enumerated().map { i, day in
        let charged: Int64 = [1_230_000, 980_050, 0, 1_554_400, 2_001_000, 1_660_000, 870_000][i]
        return DayFigures(day: day, figures: figures(orders: Int(charged / 10_000), charged: charged, commission: charged / 40, cost: charged * 8 / 10))
    }

    static var totals: MoneyFigures {
        var t = figures(orders: 0, charged: 0, commission: 0, cost: 0, refunds: 3, refunded: 45_600)
        for day in perDay {
            t.orders += day.figures.orders
            t.units += day.figures.units
            t.gross = t.gross + day.figures.gross
            t.charged = t.charged + day.figures.charged
            t.commission = t.commission + day.figures.commission
            t.cost = t.cost + day.figures.cost
        }
        return t
    }

    static let products = [
        NamedFigures(key: "QB-100", name: "腾讯Q币100元直充", figures: figures(orders: 420, charged: 4_120_000, commission: 103_000, cost: 3_300_000)),
        NamedFigures(key: "TX-VIP-Y", name: Fixture.longName, figures: figures(orders: 133, charged: 2_394_000, commission: 59_850, cost: 1_900_000, refunds: 2, refunded: 36_000)),
        NamedFigures(key: "STEAM-100", name: "Steam Wallet ¥100", figures: figures(orders: 97, charged: 950_600, commission: 23_765, cost: 980_000)),
        NamedFigures(key: "FX-1", name: "=HYPERLINK(\"http://x\")", figures: figures(orders: 1, charged: 850, commission: 0, cost: 700)),
    ]

    static let substations = [
        NamedFigures(key: "east-sh-01", name: "华东上海一站", figures: figures(orders: 380, charged: 3_800_000, commission: 95_000, cost: 3_000_000)),
        NamedFigures(key: "south-gz-02", name: "华南广州二站", figures: figures(orders: 200, charged: 2_500_000, commission: 62_500, cost: 2_100_000)),
        NamedFigures(key: "north-bj-03", name: "North Beijing 3", figures: figures(orders: 71, charged: 1_165_450, commission: 29_115, cost: 1_080_700)),
    ]

    static func balance(_ code: String, _ name: String, balance: Int64, credit: Int64, waiting: Int) -> SubstationBalance {
        SubstationBalance(code: code, name: name, balance: Money(fen: balance), creditLimit: Money(fen: credit), fundsRequired: true,
                          commissionPayable: Money(fen: 12_300), awaitingFunds: waiting)
    }

    static let lowBalances = [
        LowBalance(balance: balance("north-bj-03", "North Beijing 3", balance: -50_000, credit: 50_000, waiting: 4),
                   dailyCharge: Money(fen: 166_493), daysOfCover: 0),
        LowBalance(balance: balance("south-gz-02", "华南广州二站", balance: 800_000, credit: 0, waiting: 0),
                   dailyCharge: Money(fen: 357_142), daysOfCover: 2.24),
    ]

    static let report = MoneyReport(days: days, totals: totals, perDay: perDay, perProduct: products, perSubstation: substations,
                                    lowBalances: lowBalances)

    static let anomalies = [
        ReconciliationAnomaly(kind: .paidNotDelivered, orderId: 101, orderNo: "SIM1796177330-1000037", substationCode: "north-bj-03",
                              status: .awaitingFunds, detail: "paid 2026-12-08 09:12, waiting 6 h"),
        ReconciliationAnomaly(kind: .deliveredWithoutCharge, orderId: 102, orderNo: "K20261207-0042", substationCode: "east-sh-01",
                              status: .delivered, detail: "delivered 2026-12-07 21:40, no charge entry"),
        ReconciliationAnomaly(kind: .amountMismatch, orderId: 103, orderNo: "K20261206-0007", substationCode: "south-gz-02",
                              status: .delivered, detail: "paid ¥10.00, order ¥12.00"),
    ]

    static let reconciliation = ReconciliationReport(days: days, orders: 651, anomalies: anomalies)

    /// The console with the Reports pane in front, its first reload answered with the fixture.
    static func state(width: Int = 120, height: Int = 40, language: UILanguage = .zh, role: Role = .finance) -> ConsoleState {
        var state = Fixture.state(rows: [], width: width, height: height, language: language)
        state.role = role
        _ = reduce(&state, .stockLoaded([]))
        let effects = reduce(&state, .command(.showReports))
        if let request = effects.reportsRequest {
            _ = reduce(&state, .reports(.reportLoaded(generation: request.generation, report)))
            _ = reduce(&state, .reports(.reconciled(generation: request.generation, reconciliation)))
        }
        return state
    }
}

extension [ConsoleEffect] {
    /// The Reports reload these effects ask for, if any.
    var reportsRequest: ReportsRequest? { lazy.compactMap(\.reportsRequest).first }
}
