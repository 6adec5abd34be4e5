import Foundation
import GRDB
import KamengDomain
import KamengStorage

extension SQLiteStore {
    /// The Reports pane's figures for `days`, from `ledger_daily` alone (a row per day, substation and
    /// product: a few thousand rows for 30 days of the large demo, never the postings), plus the
    /// running balances for the substations whose funds will not last `coverDays` days.
    func moneyReport(days: BusinessDays, coverDays: Int) throws -> MoneyReport {
        guard days.from <= days.to else { throw StoreError.invalidField(field: "to", rule: "on or after from (\(days.from))") }
        return try pool.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT d.day, s.code, s.name AS station_name, p.sku, p.name AS product_name,
                       d.orders, d.units, d.gross_fen, d.charge_fen, d.override_fen, d.cost_fen, d.refunds, d.refund_charge_fen, d.refund_override_fen
                FROM ledger_daily d JOIN substations s ON s.id = d.substation_id JOIN products p ON p.id = d.product_id
                WHERE d.day >= ? AND d.day <= ?
                """, arguments: [days.from.description, days.to.description])
            var totals = MoneyFigures()
            var perDay: [String: MoneyFigures] = [:]
            var perProduct: [String: NamedFigures] = [:], perStation: [String: NamedFigures] = [:]
            for row in rows {
                let figures = Self.figures(row)
                totals.add(figures)
                perDay[row["day"], default: MoneyFigures()].add(figures)
                perProduct[row["sku"], default: NamedFigures(key: row["sku"], name: row["product_name"], figures: MoneyFigures())].figures.add(figures)
                perStation[row["code"], default: NamedFigures(key: row["code"], name: row["station_name"], figures: MoneyFigures())].figures.add(figures)
            }
            let dayList = days.days
            let balances = try Self.balances(db, code: nil)
            return MoneyReport(
                days: days, totals: totals,
                perDay: dayList.map { DayFigures(day: $0, figures: perDay[$0.description] ?? MoneyFigures()) },
                perProduct: Self.largestFirst(perProduct.values), perSubstation: Self.largestFirst(perStation.values),
                lowBalances: Self.lowBalances(balances, charged: perStation.mapValues(\.figures.charged), dayCount: dayList.count, coverDays: coverDays))
        }
    }

    private static func figures(_ row: Row) -> MoneyFigures {
        var f = MoneyFigures()
        f.orders = row["orders"]
        f.units = row["units"]
        f.gross = Money(fen: row["gross_fen"])
        f.charged = Money(fen: (row["charge_fen"] as Int64) - (row["refund_charge_fen"] as Int64))
        f.commission = Money(fen: (row["override_fen"] as Int64) - (row["refund_override_fen"] as Int64))
        f.cost = Money(fen: row["cost_fen"])
        f.refunds = row["refunds"]
        f.refunded = Money(fen: row["refund_charge_fen"])
        return f
    }

    private static func largestFirst(_ rows: Dictionary<String, NamedFigures>.Values) -> [NamedFigures] {
        rows.sorted { ($1.figures.gross, $0.key) < ($0.figures.gross, $1.key) }
    }

    /// Funds-required substations whose available money lasts fewer than `coverDays` days at the
    /// period's average daily charge, fewest first. One with no charges in the period has no rate to
    /// run out at, unless it is already out with orders waiting.
    static func lowBalances(_ balances: [SubstationBalance], charged: [String: Money], dayCount: Int, coverDays: Int) -> [LowBalance] {
        balances.compactMap { balance -> LowBalance? in
            guard balance.fundsRequired else { return nil }
            let total = charged[balance.code]?.fen ?? 0, days = max(dayCount, 1)
            let daily = Money(fen: total / Int64(days))
            guard total > 0 else {
                return balance.available.fen <= 0 && balance.awaitingFunds > 0 ? LowBalance(balance: balance, dailyCharge: daily, daysOfCover: 0) : nil
            }
            let cover = max(0, Double(balance.available.fen) * Double(days) / Double(total))
            return cover < Double(coverDays) ? LowBalance(balance: balance, dailyCharge: daily, daysOfCover: cover) : nil
        }.sorted { ($0.daysOfCover, $0.balance.code) < ($1.daysOfCover, $1.balance.code) }
    }
}

extension MoneyFigures {
    mutating func add(_ other: MoneyFigures) {
        orders += other.orders
        units += other.units
        gross = gross + other.gross
        charged = charged + other.charged
        commission = commission + other.commission
        cost = cost + other.cost
        refunds += other.refunds
        refunded = refunded + other.refunded
    }
}
