/// The demo platform's fixed cast: products across the categories and substations in two levels,
/// each with the role it plays in the story the demo tells (healthy, degraded, offline, expiring…).
public enum DemoCatalogue {
    /// A demo product and how it sells: `popularity` weights orders, `stockDays` sets how many days of
    /// sales its remaining stock covers (under 2 days puts it in the low-stock pane).
    public struct ProductSpec: Sendable {
        public var product: Product
        public var popularity: Double
        public var stockDays: Double
        public var expiringSoon: Bool
    }

    /// The part a substation plays in the demo.
    public enum Health: String, Sendable { case healthy, degraded, offline, expiring, suspended }

    public struct SubstationSpec: Sendable {
        public var code: String
        public var name: String
        public var domain: String
        public var parentCode: String?
        public var commissionBasisPoints: Int
        public var health: Health
        public var traffic: Double
    }

    static func product(_ sku: String, _ name: String, _ category: ProductCategory, face: Int64, cost: Int64, retail: Int64,
                        threshold: Int, reusable: Bool = false) -> Product {
        Product(sku: sku, name: name, category: category, faceValue: Money(fen: face), cost: Money(fen: cost),
                prices: MemberPrices(retail: Money(fen: retail), vip: Money(fen: retail * 98 / 100), agent: Money(fen: retail * 95 / 100)),
                lowStockThreshold: threshold, reusable: reusable)
    }

    public static let products: [ProductSpec] = [
        .init(product: product("QQ-COIN-100", "腾讯Q币100元直充卡", .gameCard, face: 10_000, cost: 8_900, retail: 9_900, threshold: 300), popularity: 10, stockDays: 9, expiringSoon: false),
        .init(product: product("QQ-COIN-10", "腾讯Q币10元", .gameCard, face: 1_000, cost: 890, retail: 990, threshold: 200), popularity: 8, stockDays: 1.2, expiringSoon: false),
        .init(product: product("NETEASE-50", "网易一卡通50元", .gameCard, face: 5_000, cost: 4_400, retail: 4_900, threshold: 150), popularity: 5, stockDays: 6, expiringSoon: true),
        .init(product: product("WOW-MONTH", "魔兽世界30天月卡", .gameCard, face: 7_500, cost: 6_500, retail: 7_300, threshold: 80), popularity: 3, stockDays: 0.6, expiringSoon: false),
        .init(product: product("STEAM-100", "Steam钱包充值卡100元（国区）", .giftCard, face: 10_000, cost: 8_700, retail: 9_800, threshold: 120), popularity: 4, stockDays: 12, expiringSoon: false),
        .init(product: product("CMCC-50", "中国移动话费充值50元", .mobileTopUp, face: 5_000, cost: 4_500, retail: 4_980, threshold: 250), popularity: 9, stockDays: 7, expiringSoon: true),
        .init(product: product("CUCC-100", "中国联通话费充值100元", .mobileTopUp, face: 10_000, cost: 9_000, retail: 9_950, threshold: 150), popularity: 4, stockDays: 1.5, expiringSoon: false),
        .init(product: product("CTCC-30", "中国电信话费30元", .mobileTopUp, face: 3_000, cost: 2_700, retail: 2_990, threshold: 100), popularity: 3, stockDays: 0, expiringSoon: false),
        .init(product: product("IQIYI-GOLD-M", "爱奇艺黄金会员月卡", .videoMembership, face: 2_500, cost: 1_600, retail: 1_990, threshold: 100), popularity: 6, stockDays: 10, expiringSoon: true),
        .init(product: product("TXVIDEO-VIP-M", "腾讯视频VIP会员月卡", .videoMembership, face: 2_500, cost: 1_650, retail: 1_990, threshold: 100), popularity: 6, stockDays: 8, expiringSoon: false),
        .init(product: product("BILI-BIG-Y", "哔哩哔哩大会员年卡（超长商品名称测试：自动发货，售后无忧，支持分站代理）", .videoMembership, face: 14_800, cost: 11_000, retail: 13_800, threshold: 30), popularity: 2, stockDays: 15, expiringSoon: false),
        .init(product: product("WIN11-PRO", "Windows 11 专业版激活码", .software, face: 139_900, cost: 3_000, retail: 5_900, threshold: 40), popularity: 2, stockDays: 20, expiringSoon: false),
        .init(product: product("OFFICE-2021", "Office 2021 专业增强版密钥", .software, face: 389_900, cost: 4_500, retail: 8_800, threshold: 40), popularity: 1.5, stockDays: 1.8, expiringSoon: false),
        .init(product: product("XUNLEI-PLAT", "迅雷白金会员共享账号", .videoMembership, face: 1_500, cost: 200, retail: 590, threshold: 1, reusable: true), popularity: 1, stockDays: 30, expiringSoon: false),
    ]

    public static let substations: [SubstationSpec] = [
        .init(code: "main-east", name: "华东总代", domain: "east.kameng-demo.cn", parentCode: nil, commissionBasisPoints: 800, health: .healthy, traffic: 10),
        .init(code: "main-south", name: "华南总代", domain: "south.kameng-demo.cn", parentCode: nil, commissionBasisPoints: 800, health: .healthy, traffic: 9),
        .init(code: "main-north", name: "华北总代", domain: "north.kameng-demo.cn", parentCode: nil, commissionBasisPoints: 750, health: .degraded, traffic: 7),
        .init(code: "main-west", name: "西部总代", domain: "west.kameng-demo.cn", parentCode: nil, commissionBasisPoints: 700, health: .healthy, traffic: 5),
        .init(code: "main-game", name: "游戏专营总站", domain: "game.kameng-demo.cn", parentCode: nil, commissionBasisPoints: 900, health: .healthy, traffic: 8),
        .init(code: "sh-xiaoqi", name: "上海小琪数码", domain: "xiaoqi.shop-demo.cn", parentCode: "main-east", commissionBasisPoints: 500, health: .healthy, traffic: 4),
        .init(code: "hz-kaka", name: "杭州卡卡小店", domain: "kaka.shop-demo.cn", parentCode: "main-east", commissionBasisPoints: 450, health: .expiring, traffic: 3),
        .init(code: "gz-lele", name: "广州乐乐点卡", domain: "lele.shop-demo.cn", parentCode: "main-south", commissionBasisPoints: 500, health: .healthy, traffic: 4),
        .init(code: "sz-sudi", name: "深圳速递发卡", domain: "sudi.shop-demo.cn", parentCode: "main-south", commissionBasisPoints: 550, health: .degraded, traffic: 3),
        .init(code: "bj-yeye", name: "北京夜夜充值", domain: "yeye.shop-demo.cn", parentCode: "main-north", commissionBasisPoints: 400, health: .offline, traffic: 2),
        .init(code: "tj-anan", name: "天津安安网络", domain: "anan.shop-demo.cn", parentCode: "main-north", commissionBasisPoints: 400, health: .healthy, traffic: 2),
        .init(code: "cd-panda", name: "成都熊猫卡盟", domain: "panda.shop-demo.cn", parentCode: "main-west", commissionBasisPoints: 450, health: .healthy, traffic: 3),
        .init(code: "cq-huoguo", name: "重庆火锅游戏", domain: "huoguo.shop-demo.cn", parentCode: "main-west", commissionBasisPoints: 450, health: .suspended, traffic: 1),
        .init(code: "wh-reganmian", name: "武汉热干面数码", domain: "rgm.shop-demo.cn", parentCode: "main-game", commissionBasisPoints: 600, health: .healthy, traffic: 3),
        .init(code: "xa-bingma", name: "西安兵马俑卡铺", domain: "bingma.shop-demo.cn", parentCode: "main-game", commissionBasisPoints: 600, health: .healthy, traffic: 2),
    ]

    /// Relative order volume by hour of day (local evening peak, small hours trough).
    public static let hourlyRhythm: [Double] = [
        3, 2, 1.2, 0.8, 0.6, 0.6, 1, 2, 3.5, 4.5, 5, 5.5, 6, 5.5, 5, 5, 5.5, 6, 7, 8.5, 9.5, 10, 8, 5,
    ]

    /// Relative volume by day of week, Monday first: weekends sell more game cards.
    public static let weeklyRhythm: [Double] = [0.9, 0.9, 0.95, 1.0, 1.1, 1.35, 1.3]
}
