import Foundation

/// What the traffic simulator sells, where, how fast, and which troubles it stages.
public struct SimulationSettings: Hashable, Sendable {
    /// A product on sale: its SKU, its retail price, and how much it sells relative to the others.
    public struct Product: Hashable, Sendable {
        public var sku: String
        public var priceFen: Int64
        public var popularity: Double
        public init(sku: String, priceFen: Int64, popularity: Double = 1) {
            self.sku = sku
            self.priceFen = priceFen
            self.popularity = popularity
        }
    }

    /// A substation taking orders, with its share of the traffic.
    public struct Substation: Hashable, Sendable {
        public var code: String
        public var traffic: Double
        public init(code: String, traffic: Double = 1) {
            self.code = code
            self.traffic = traffic
        }
    }

    public var products: [Product]
    public var substations: [Substation]
    /// Simulated time starts here; events carry simulated times from here on.
    public var start: Date
    /// Normal orders per second averaged over a day; the daily rhythm makes evenings busier than nights.
    public var ordersPerSecond: Double
    public var seed: UInt64
    /// The shops' local time is UTC plus this many hours (China: 8), for the daily rhythm.
    public var utcOffsetHours: Int = 8
    /// Relative order volume by local hour of day; `DemoCatalogue.hourlyRhythm` unless replaced.
    public var hourlyRhythm: [Double] = DemoCatalogue.hourlyRhythm

    /// One IP places a burst of orders from a handful of buyers, many paying the wrong amount (card testing).
    public var burstIP: String? = "203.0.113.66"
    public var burstFirstAfterSeconds: Double = 90
    public var burstEverySeconds: Double = 1_200
    public var burstOrders: Int = 18
    public var burstSeconds: Double = 60
    public var burstBuyers: Int = 6

    /// Many new buyers, one device (a buyer farm), each buying the dearest product.
    public var farmDevice: String? = "dev-farm-7f3a"
    public var farmFirstAfterSeconds: Double = 300
    public var farmEverySeconds: Double = 1_800
    public var farmBuyers: Int = 12
    public var farmSeconds: Double = 480

    /// This substation is healthy for `failingAfterSeconds`, then its callback failures climb to
    /// `failingPeakRate` over `failingRampSeconds`, and its delivery latency with them.
    public var failingSubstation: String?
    public var failingAfterSeconds: Double = 300
    public var failingRampSeconds: Double = 1_800
    public var failingPeakRate: Double = 0.6

    /// This product takes `hotShare` of all normal orders, so its stock runs out.
    public var hotSKU: String?
    public var hotShare: Double = 0.3

    /// Normal orders: share never paid, and share paid with the wrong amount.
    public var unpaidShare: Double = 0.06
    public var wrongAmountShare: Double = 0.02

    public init(products: [Product], substations: [Substation], start: Date, ordersPerSecond: Double, seed: UInt64,
                failingSubstation: String? = nil, hotSKU: String? = nil) {
        self.products = products
        self.substations = substations
        self.start = start
        self.ordersPerSecond = ordersPerSecond
        self.seed = seed
        self.failingSubstation = failingSubstation
        self.hotSKU = hotSKU
    }

    /// The demo platform (`DemoCatalogue`): its products and substations (suspended ones take no orders),
    /// with the degraded substation failing and the fastest-selling low-stock product selling out.
    public static func demo(start: Date, ordersPerSecond: Double, seed: UInt64 = 2026) -> SimulationSettings {
        let products = DemoCatalogue.products.map {
            Product(sku: $0.product.sku, priceFen: $0.product.prices.retail.fen, popularity: $0.popularity)
        }
        let substations = DemoCatalogue.substations.filter { $0.health != .suspended }.map {
            Substation(code: $0.code, traffic: $0.traffic)
        }
        return SimulationSettings(products: products, substations: substations, start: start, ordersPerSecond: ordersPerSecond,
                                  seed: seed, failingSubstation: "sz-sudi", hotSKU: "QQ-COIN-10")
    }
}
