import Foundation
import KamengDomain

/// How big a demo platform to build.
public enum DemoSize: String, CaseIterable, Sendable {
    /// 100k orders over 30 days, ~150k keys: the everyday demo.
    case small
    /// 1M orders, 2M keys: for performance work.
    case large
    /// 3k orders: for tests that need a realistic but quick database.
    case tiny
    /// 5M orders, ~11M keys: shows whether the console's cost grows with the table (`kameng-bench console --size xlarge`).
    case xlarge

    package var orders: Int { switch self { case .tiny: 3_000; case .small: 100_000; case .large: 1_000_000; case .xlarge: 5_000_000 } }
    /// Extra available keys per product, on top of what the product's days of cover implies.
    package var keyFactor: Double { switch self { case .tiny, .small: 1; case .large, .xlarge: 1.8 } }
}

/// What a demo build made, for the message `kameng demo` prints.
public struct DemoSummary: Sendable, Codable {
    public var products: Int
    public var substations: Int
    public var orders: Int
    public var keys: Int
    public var availableKeys: Int
    public var flaggedOrders: Int
    public var awaitingStock: Int
    public var productsBelowThreshold: Int
    public var keysExpiringWithin7Days: Int
    public var signals: Int

    package init(products: Int, substations: Int, orders: Int, keys: Int, availableKeys: Int, flaggedOrders: Int, awaitingStock: Int, productsBelowThreshold: Int, keysExpiringWithin7Days: Int, signals: Int) {
        self.products = products
        self.substations = substations
        self.orders = orders
        self.keys = keys
        self.availableKeys = availableKeys
        self.flaggedOrders = flaggedOrders
        self.awaitingStock = awaitingStock
        self.productsBelowThreshold = productsBelowThreshold
        self.keysExpiringWithin7Days = keysExpiringWithin7Days
        self.signals = signals
    }
}
