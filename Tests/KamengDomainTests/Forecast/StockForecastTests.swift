import Foundation
import Testing
import KamengDomain

@Suite("Stock forecast")
struct StockForecastTests {
    @Test("the defaults: 7-day average, alert under 3 days of cover, keys expiring within 14 days")
    func defaults() {
        let rules = ForecastRules.defaults
        let values: [Int] = [rules.salesWindowDays, rules.coverWarnDays, rules.expiringWithinDays]
        #expect(values == [7, 3, 14])
    }

    @Test("the average is over the last 7 days only; zero days count, missing days do not")
    func average() {
        #expect(StockForecast.averageDailySales([1_000, 7, 7, 7, 7, 7, 7, 7]) == 7)
        #expect(StockForecast.averageDailySales([14, 0, 0, 0, 0, 0, 0]) == 2)
        #expect(StockForecast.averageDailySales([3, 5]) == 4)
        #expect(StockForecast.averageDailySales([]) == 0)
        var rules = ForecastRules.defaults
        rules.salesWindowDays = 2
        #expect(StockForecast.averageDailySales([100, 4, 6], rules: rules) == 5)
    }

    @Test("days of cover: available ÷ daily sales; 0 when none left; nil when nothing sells")
    func cover() {
        #expect(StockForecast.daysOfCover(available: 70, dailySales: Array(repeating: 10, count: 7)) == 7)
        #expect(StockForecast.daysOfCover(available: 5, dailySales: [2, 2, 2, 2, 2, 2, 2]) == 2.5)
        #expect(StockForecast.daysOfCover(available: 0, dailySales: [0, 0]) == 0)
        #expect(StockForecast.daysOfCover(available: 0, dailySales: [9]) == 0)
        #expect(StockForecast.daysOfCover(available: 50, dailySales: [0, 0, 0]) == nil)
        #expect(StockForecast.daysOfCover(available: 50, dailySales: []) == nil)
    }

    @Test("low cover: just under 3 days alerts, exactly 3 and just over do not",
          arguments: [(29, true), (30, false), (31, false)])
    func lowCoverThreshold(available: Int, alerts: Bool) {
        let position = StockPosition(sku: "A", available: available, lowStockThreshold: 0, dailySales: [10, 10, 10, 10, 10, 10, 10])
        #expect(StockForecast.alerts([position]).first?.reasons == (alerts ? [.lowCover] : nil))
    }

    @Test("below threshold: one under alerts, at and over do not", arguments: [(99, true), (100, false), (101, false)])
    func belowThreshold(available: Int, alerts: Bool) {
        let position = StockPosition(sku: "A", available: available, lowStockThreshold: 100, dailySales: [1])
        #expect(StockForecast.alerts([position]).first?.reasons == (alerts ? [.belowThreshold] : nil))
    }

    @Test("out of stock is its own reason, not also below threshold or low cover")
    func outOfStock() {
        let alert = StockForecast.alerts([StockPosition(sku: "A", available: 0, lowStockThreshold: 10, dailySales: [5])])
        #expect(alert.map(\.reasons) == [[.outOfStock]])
        #expect(alert.first?.daysOfCover == 0)
        #expect(alert.first?.averageDailySales == 5)
    }

    @Test("keys expiring and expired put an otherwise healthy product in the pane")
    func expiryReasons() {
        let alerts = StockForecast.alerts([StockPosition(sku: "A", available: 500, lowStockThreshold: 10, dailySales: [1], expiringSoon: 3, expired: 2)])
        #expect(alerts.map(\.reasons) == [[.expiringSoon, .expired]])
    }

    @Test("ranked by cover: out of stock first, never-selling last; ties by keys expiring, then SKU")
    func ranking() {
        let week = [10, 10, 10, 10, 10, 10, 10]
        let positions = [
            StockPosition(sku: "IDLE", available: 5, lowStockThreshold: 10, dailySales: [0, 0]),
            StockPosition(sku: "TWO-DAYS", available: 20, lowStockThreshold: 10, dailySales: week),
            StockPosition(sku: "GONE", available: 0, lowStockThreshold: 10, dailySales: week),
            StockPosition(sku: "HALF-DAY", available: 5, lowStockThreshold: 10, dailySales: week),
            StockPosition(sku: "B-TIE", available: 5, lowStockThreshold: 10, dailySales: week),
            StockPosition(sku: "A-TIE", available: 5, lowStockThreshold: 10, dailySales: week),
            StockPosition(sku: "C-TIE", available: 5, lowStockThreshold: 10, dailySales: week, expiringSoon: 1),
            StockPosition(sku: "FINE", available: 1_000, lowStockThreshold: 10, dailySales: week),
        ]
        let ranked = StockForecast.alerts(positions)
        #expect(ranked.map(\.position.sku) == ["GONE", "C-TIE", "A-TIE", "B-TIE", "HALF-DAY", "TWO-DAYS", "IDLE"])
        #expect(ranked.last?.daysOfCover == nil)
        #expect(StockForecast.alerts(positions.reversed()).map(\.position.sku) == ranked.map(\.position.sku))
    }

    @Test("reason titles in both languages")
    func titles() {
        for reason in StockAlertReason.allCases {
            #expect(reason.title(chinese: true).unicodeScalars.contains { $0.value >= 0x4E00 })
            #expect(reason.title(chinese: false).unicodeScalars.allSatisfy { $0.isASCII })
        }
    }
}

@Suite("Keys expiring soon")
struct KeyExpiryTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)
    static let fourteenDays: TimeInterval = 14 * 86_400

    @Test("within 14 days: one second inside and the 14th day itself count, one second after does not",
          arguments: [(fourteenDays - 1, 1), (fourteenDays, 1), (fourteenDays + 1, 0)])
    func horizon(offset: TimeInterval, soon: Int) {
        #expect(KeyExpiry.count([Self.now.addingTimeInterval(offset)], now: Self.now) == ExpiryCount(expiringSoon: soon, expired: 0))
    }

    @Test("at or before now is expired, a second later is expiring; no expiry is neither")
    func expired() {
        let counts = KeyExpiry.count([Self.now.addingTimeInterval(-1), Self.now, Self.now.addingTimeInterval(1), nil, nil], now: Self.now)
        #expect(counts == ExpiryCount(expiringSoon: 1, expired: 2))
    }

    @Test("expiring_within_days moves the horizon")
    func configured() {
        var rules = ForecastRules.defaults
        rules.expiringWithinDays = 1
        let dates: [Date?] = [Self.now.addingTimeInterval(3_600), Self.now.addingTimeInterval(2 * 86_400)]
        #expect(KeyExpiry.count(dates, now: Self.now, rules: rules) == ExpiryCount(expiringSoon: 1, expired: 0))
        #expect(KeyExpiry.count(dates, now: Self.now) == ExpiryCount(expiringSoon: 2, expired: 0))
    }
}
