import Foundation
import Testing
import KamengDomain

private func makeProduct(sku: String = "GC-100", name: String = "Steam 充值卡 100", faceValue: Int64 = 10_000,
                         cost: Int64 = 9_200, retail: Int64 = 9_800, vip: Int64 = 9_600, agent: Int64 = 9_400,
                         threshold: Int = 10) -> Product {
    Product(sku: sku, name: name, category: .gameCard, faceValue: Money(fen: faceValue), cost: Money(fen: cost),
            prices: MemberPrices(retail: Money(fen: retail), vip: Money(fen: vip), agent: Money(fen: agent)),
            lowStockThreshold: threshold)
}

@Suite("Product")
struct ProductTests {
    @Test("a well-formed product has no problems")
    func valid() {
        let product = makeProduct()
        #expect(product.validationProblems().isEmpty)
        #expect(product.reusable == false)
        #expect(makeProduct(faceValue: 0, cost: 0, retail: 0, vip: 0, agent: 0, threshold: 0).validationProblems().isEmpty)
    }

    @Test("valid SKUs", arguments: [
        "GC-100", "steam.wallet_50", "a", "A.B-C_D.0", "-", ".", String(repeating: "z", count: 64),
    ])
    func validSKU(sku: String) {
        #expect(Product.isValidSKU(sku))
        #expect(makeProduct(sku: sku).validationProblems().isEmpty)
    }

    @Test("invalid SKUs", arguments: [
        "", String(repeating: "z", count: 65), "a b", "a/b", "卡", "a+b", "sku#1", " GC", "GC\n", "ＧＣ", "é",
    ])
    func invalidSKU(sku: String) {
        #expect(!Product.isValidSKU(sku))
        let problems = makeProduct(sku: sku).validationProblems()
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix("sku:") == true)
    }

    @Test("the SKU problem quotes the bad SKU")
    func skuProblemQuotes() {
        #expect(makeProduct(sku: "bad sku").validationProblems().first?.contains("\"bad sku\"") == true)
    }

    @Test("names: 1–200 characters, not blank", arguments: [
        ("x", true), ("Steam 充值卡", true), (String(repeating: "名", count: 200), true),
        (String(repeating: "a", count: 200), true), (String(repeating: "a", count: 201), false),
        (String(repeating: "名", count: 201), false), ("", false), ("   ", false), ("\t", false),
    ])
    func name(name: String, ok: Bool) {
        let problems = makeProduct(name: name).validationProblems()
        #expect(problems.isEmpty == ok)
        #expect(problems.contains { $0.hasPrefix("name") } == !ok)
    }

    @Test("negative amounts are each reported", arguments: [
        (makeProduct(faceValue: -1), "face value"),
        (makeProduct(cost: -1), "cost"),
        (makeProduct(retail: -1), "price retail"),
        (makeProduct(vip: -1), "price vip"),
        (makeProduct(agent: -1), "price agent"),
        (makeProduct(threshold: -1), "low-stock threshold"),
    ])
    func negatives(product: Product, field: String) {
        let problems = product.validationProblems()
        #expect(problems.count == 1)
        #expect(problems.first?.hasPrefix(field + ":") == true)
    }

    @Test("all problems together")
    func allProblems() {
        let product = makeProduct(sku: "", name: "", faceValue: -1, cost: -1, retail: -1, vip: -1, agent: -1, threshold: -1)
        #expect(product.validationProblems().count == 8)
    }

    @Test("prices per member level")
    func prices() {
        let prices = MemberPrices(retail: Money(fen: 300), vip: Money(fen: 200), agent: Money(fen: 100))
        #expect(prices.price(for: .retail).fen == 300)
        #expect(prices.price(for: .vip).fen == 200)
        #expect(prices.price(for: .agent).fen == 100)
        #expect(prices.all.map { $0.0 } == [.retail, .vip, .agent])
        #expect(prices.all.map { $0.1.fen } == [300, 200, 100])
        #expect(MemberLevel.allCases.map(\.rawValue) == ["retail", "vip", "agent"])
    }

    @Test("categories", arguments: [
        (ProductCategory.gameCard, "game_card", "游戏点卡"), (.mobileTopUp, "mobile_topup", "话费充值"),
        (.videoMembership, "video_membership", "视频会员"), (.software, "software", "软件激活码"),
        (.giftCard, "gift_card", "礼品卡"),
    ])
    func category(category: ProductCategory, raw: String, name: String) {
        #expect(category.rawValue == raw)
        #expect(category.chineseName == name)
        #expect(ProductCategory.allCases.count == 5)
    }

    @Test("codable round trip")
    func codable() throws {
        var product = makeProduct()
        product.id = 42
        product.reusable = true
        let back = try JSONDecoder().decode(Product.self, from: JSONEncoder().encode(product))
        #expect(back == product)
        #expect(back.prices.vip.fen == 9_600)
    }
}
