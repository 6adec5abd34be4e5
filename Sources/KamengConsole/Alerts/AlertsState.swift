import Foundation
import KamengDomain
import KamengStorage
import TerminalUI

/// The low-stock pane (低库存预警): products that need stock, ranked by days of cover, with sales per day,
/// a 14-day sparkline and keys expiring soon; acknowledge, snooze, or change a threshold.
public struct AlertsState: Equatable, Sendable {
    /// Every product's stock as last loaded; nil before the first answer.
    public var levels: [StockLevel]?
    public var loading = false
    public var error: String?
    public var selected = 0
    public var scrollOffset = 0
    /// Keys sold per day per SKU, oldest first (today last).
    public var sales: [String: [Int]] = [:]
    public var acks: [String: StockAlertAck] = [:]
    /// When the context was read: snoozes are judged against it, so render needs no clock.
    public var loadedAt: Date?
    /// Also list alerts someone acknowledged or snoozed.
    public var showAll = false
    /// The threshold being typed for a product.
    public var editing: ThresholdEdit?
    public var notice: String?
    public var rules = ForecastRules.defaults
    /// Another connection committed while a reload ran: one more follows when it answers. Stock and
    /// sales are read from counts kept as keys change (a few ms on the large demo), so the pane follows
    /// every commit like the other panes.
    public var stale = false
    /// Available keys expiring within 7 days per SKU, as last counted. The other figures are counts
    /// kept as keys change and reload with every commit; these are counted over the keys (10–30 ms on
    /// the 5M-order demo), so they are recounted after a reload, at most once a second
    /// (`expiryRecountSeconds`), on a lane no key and no reload waits for. Nil before the first count answers.
    public var expiring: [String: Int]?
    public var expiringCountedAt: Date?
    /// A count is running, or waiting for `expiryDue`.
    public var countingExpiry = false
    /// How old the expiring counts may grow before a reload recounts them: the pane follows other
    /// processes' commits within about a second, this figure too, and a count's cost (tens of ms on
    /// the 5M demo) is spent at most once a second while the pane is in front.
    public static let expiryRecountSeconds: TimeInterval = 1
    /// How long the pane must stay in front before a due count runs: someone flipping through the panes
    /// does not start a count on each pass, which on two cores slowed the next pane's reload.
    public static let expiryLookSeconds: TimeInterval = 0.3

    public init() {}

    /// Products below threshold (kept for the import pane's counts and older callers).
    public var lowStock: [StockLevel] { (levels ?? []).filter(\.isBelowThreshold) }

    /// The alerts to list, most urgent first, without those an acknowledgement or snooze still hides
    /// (unless `showAll`).
    public var rows: [AlertRow] {
        let levels = self.levels ?? []
        let bySKU = Dictionary(levels.map { ($0.product.sku, $0) }, uniquingKeysWith: { a, _ in a })
        let positions = levels.map { level in
            StockPosition(sku: level.product.sku, available: level.available, lowStockThreshold: level.product.lowStockThreshold,
                          dailySales: Array((sales[level.product.sku] ?? []).suffix(rules.salesWindowDays)),
                          expiringSoon: level.expiringWithin7Days ?? 0)
        }
        let now = loadedAt ?? Date(timeIntervalSince1970: 0)
        return StockForecast.alerts(positions, rules: rules).compactMap { alert in
            guard let level = bySKU[alert.position.sku] else { return nil }
            let ack = acks[alert.position.sku]
            let hidden = ack?.suppresses(alert, now: now) ?? false
            guard showAll || !hidden else { return nil }
            return AlertRow(level: level, alert: alert, ack: hidden ? ack : nil, history: sales[alert.position.sku] ?? [])
        }
    }

    public var capturesKeys: Bool { editing != nil }
}

/// A threshold being typed.
public struct ThresholdEdit: Equatable, Sendable {
    public var sku: String
    public var field: TextFieldState
}

/// One product in the alerts list.
public struct AlertRow: Equatable, Sendable {
    public var level: StockLevel
    public var alert: StockAlert
    /// The acknowledgement or snooze that still applies (shown with `showAll`).
    public var ack: StockAlertAck?
    public var history: [Int]
}

/// Answers of the alerts pane's effects.
public enum AlertsAnswer: Sendable, Equatable {
    /// Every product's stock (`ConsoleAction.stockLoaded`).
    case levelsLoaded([StockLevel])
    case levelsFailed(String)
    case contextLoaded(sales: [String: [Int]], acks: [String: StockAlertAck], at: Date)
    /// The keys expiring within 7 days per SKU, counted at `at`; nil when they could not be counted.
    case expiryCounted([String: Int]?, at: Date)
    /// A moment has passed since a reload found the count due: count now if the pane is still in front.
    case expiryDue
    case done(String)
    case failed(String)
}

/// Work the alerts pane asks for.
public enum AlertsEffect: Sendable, Equatable {
    /// Stock, sales and acknowledgements, all of them.
    case load
    /// The keys expiring within 7 days, counted (on the background lane).
    case countExpiry
    /// `expiryDue` after `AlertsState.expiryLookSeconds`.
    case expiryDueSoon
    case acknowledge(sku: String, snoozeHours: Double?)
    case setThreshold(sku: String, threshold: Int)
}
