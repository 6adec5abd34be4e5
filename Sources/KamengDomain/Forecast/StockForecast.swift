import Foundation

/// What the store knows about one product's stock when it forecasts it.
public struct StockPosition: Hashable, Sendable {
    public var sku: String
    public var available: Int
    public var lowStockThreshold: Int
    /// Keys sold per day, oldest first, ending with the most recent full day (or today so far: the caller
    /// decides). Days without sales are 0, not missing; a product newer than the window passes only its
    /// own days, so its average is not diluted by days it was not on sale.
    public var dailySales: [Int]
    /// Available keys whose expiry falls within `ForecastRules.expiringWithinDays` (see `KeyExpiry`).
    public var expiringSoon: Int
    /// Available keys already past their expiry: stock that cannot be sold.
    public var expired: Int

    public init(sku: String, available: Int, lowStockThreshold: Int, dailySales: [Int], expiringSoon: Int = 0, expired: Int = 0) {
        self.sku = sku
        self.available = available
        self.lowStockThreshold = lowStockThreshold
        self.dailySales = dailySales
        self.expiringSoon = expiringSoon
        self.expired = expired
    }
}

/// Why a product is in the low-stock pane.
public enum StockAlertReason: String, CaseIterable, Hashable, Sendable, Codable {
    case outOfStock = "out_of_stock"
    case belowThreshold = "below_threshold"
    case lowCover = "low_cover"
    case expiringSoon = "expiring_soon"
    case expired

    public func title(chinese: Bool) -> String {
        switch (self, chinese) {
        case (.outOfStock, true): "已售罄"
        case (.outOfStock, false): "out of stock"
        case (.belowThreshold, true): "低于预警值"
        case (.belowThreshold, false): "below threshold"
        case (.lowCover, true): "可售天数不足"
        case (.lowCover, false): "few days of cover"
        case (.expiringSoon, true): "卡密即将过期"
        case (.expiringSoon, false): "keys expiring soon"
        case (.expired, true): "卡密已过期"
        case (.expired, false): "keys expired"
        }
    }
}

/// One row of the low-stock pane.
public struct StockAlert: Hashable, Sendable {
    public var position: StockPosition
    /// Keys sold per day on average over the window.
    public var averageDailySales: Double
    /// Available ÷ average daily sales; nil when nothing sold in the window (cover is unbounded).
    public var daysOfCover: Double?
    public var reasons: [StockAlertReason]
}

/// Days of cover and the ranking of the low-stock pane: pure functions of what the store counted.
public enum StockForecast {
    /// Average keys sold per day over the last `rules.salesWindowDays` entries of `dailySales`.
    public static func averageDailySales(_ dailySales: [Int], rules: ForecastRules = .defaults) -> Double {
        let window = dailySales.suffix(max(1, rules.salesWindowDays))
        guard !window.isEmpty else { return 0 }
        return Double(window.reduce(0) { $0 + max(0, $1) }) / Double(window.count)
    }

    /// How many days the available keys last at the recent rate: 0 when none are left, nil when some
    /// are left but nothing sold in the window.
    public static func daysOfCover(available: Int, dailySales: [Int], rules: ForecastRules = .defaults) -> Double? {
        if available <= 0 { return 0 }
        let perDay = averageDailySales(dailySales, rules: rules)
        return perDay > 0 ? Double(available) / perDay : nil
    }

    /// The products that need attention, most urgent first: least cover first (out of stock at the top,
    /// never-selling products last), then most keys expiring, then by SKU so the order is stable.
    public static func alerts(_ positions: [StockPosition], rules: ForecastRules = .defaults) -> [StockAlert] {
        let alerts = positions.compactMap { position -> StockAlert? in
            let perDay = averageDailySales(position.dailySales, rules: rules)
            let cover = daysOfCover(available: position.available, dailySales: position.dailySales, rules: rules)
            var reasons: [StockAlertReason] = []
            if position.available <= 0 { reasons.append(.outOfStock) }
            else if position.available < position.lowStockThreshold { reasons.append(.belowThreshold) }
            if position.available > 0, let cover, cover < Double(rules.coverWarnDays) { reasons.append(.lowCover) }
            if position.expiringSoon > 0 { reasons.append(.expiringSoon) }
            if position.expired > 0 { reasons.append(.expired) }
            guard !reasons.isEmpty else { return nil }
            return StockAlert(position: position, averageDailySales: perDay, daysOfCover: cover, reasons: reasons)
        }
        return alerts.sorted { a, b in
            let ca = a.daysOfCover ?? .infinity, cb = b.daysOfCover ?? .infinity
            if ca != cb { return ca < cb }
            if a.position.expiringSoon != b.position.expiringSoon { return a.position.expiringSoon > b.position.expiringSoon }
            return a.position.sku < b.position.sku
        }
    }
}

/// Counting keys by expiry, for `StockPosition.expiringSoon` and `expired`. The store may count in SQL
/// instead; this is the definition both must agree with.
public enum KeyExpiry {
    /// Keys that expire after `now` and no later than `expiringWithinDays` days from it, and keys that
    /// expired at or before `now`. Keys without an expiry are in neither.
    public static func count(_ expiries: [Date?], now: Date, rules: ForecastRules = .defaults) -> ExpiryCount {
        let horizon = now.addingTimeInterval(Double(rules.expiringWithinDays) * 86_400)
        var soon = 0, expired = 0
        for case let expiry? in expiries {
            if expiry <= now { expired += 1 } else if expiry <= horizon { soon += 1 }
        }
        return ExpiryCount(expiringSoon: soon, expired: expired)
    }
}

/// Available keys by expiry: about to expire, and already expired.
public struct ExpiryCount: Hashable, Sendable {
    public var expiringSoon: Int
    public var expired: Int

    public init(expiringSoon: Int, expired: Int) {
        self.expiringSoon = expiringSoon
        self.expired = expired
    }
}
