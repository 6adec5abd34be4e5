import Foundation

/// A product (商品) sold as card keys: one SKU with its face value, cost and prices per member level.
public struct Product: Hashable, Sendable, Codable {
    public var id: Int64?
    public var sku: String
    public var name: String
    public var category: ProductCategory
    public var faceValue: Money
    public var cost: Money
    public var prices: MemberPrices
    /// Below this many available keys the product shows in the low-stock pane.
    public var lowStockThreshold: Int
    /// A reusable product delivers the same key to every order (a shared account, a public code).
    public var reusable: Bool

    public init(id: Int64? = nil, sku: String, name: String, category: ProductCategory, faceValue: Money,
                cost: Money, prices: MemberPrices, lowStockThreshold: Int, reusable: Bool = false) {
        self.id = id
        self.sku = sku
        self.name = name
        self.category = category
        self.faceValue = faceValue
        self.cost = cost
        self.prices = prices
        self.lowStockThreshold = lowStockThreshold
        self.reusable = reusable
    }

    /// The reasons this product cannot be saved, empty when it can.
    public func validationProblems() -> [String] {
        var problems: [String] = []
        if !Product.isValidSKU(sku) { problems.append("sku: 1–64 characters of A–Z a–z 0–9 . _ - (got \"\(sku)\")") }
        if name.trimmingASCIISpaces().isEmpty || name.count > 200 { problems.append("name: 1–200 characters") }
        if faceValue.fen < 0 { problems.append("face value: must not be negative") }
        if cost.fen < 0 { problems.append("cost: must not be negative") }
        for (level, price) in prices.all where price.fen < 0 { problems.append("price \(level.rawValue): must not be negative") }
        if lowStockThreshold < 0 { problems.append("low-stock threshold: must not be negative") }
        return problems
    }

    public static func isValidSKU(_ sku: String) -> Bool {
        ASCIIName.isValid(sku, length: 1...64, punctuation: ASCIIName.underscoreHyphenDot)
    }
}

/// What kind of digital good a product is.
public enum ProductCategory: String, CaseIterable, Hashable, Sendable, Codable {
    case gameCard = "game_card"          // 游戏点卡
    case mobileTopUp = "mobile_topup"    // 话费充值
    case videoMembership = "video_membership" // 视频会员
    case software = "software"           // 软件激活码
    case giftCard = "gift_card"          // 礼品卡

    public var chineseName: String {
        switch self {
        case .gameCard: "游戏点卡"
        case .mobileTopUp: "话费充值"
        case .videoMembership: "视频会员"
        case .software: "软件激活码"
        case .giftCard: "礼品卡"
        }
    }
}

/// A member level, each with its own price.
public enum MemberLevel: String, CaseIterable, Hashable, Sendable, Codable {
    case retail, vip, agent
}

/// Prices per member level (零售, VIP, 代理).
public struct MemberPrices: Hashable, Sendable, Codable {
    public var retail: Money
    public var vip: Money
    public var agent: Money

    public init(retail: Money, vip: Money, agent: Money) {
        self.retail = retail
        self.vip = vip
        self.agent = agent
    }

    public func price(for level: MemberLevel) -> Money {
        switch level {
        case .retail: retail
        case .vip: vip
        case .agent: agent
        }
    }

    public var all: [(MemberLevel, Money)] { [(.retail, retail), (.vip, vip), (.agent, agent)] }
}
