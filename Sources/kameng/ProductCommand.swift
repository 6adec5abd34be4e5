import ArgumentParser
import Foundation
import KamengDomain
import KamengStorage

/// `kameng product add|list`.
struct ProductCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "product", abstract: "The catalogue.", subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a product (admin, operator).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Stock-keeping unit: A–Z a–z 0–9 . _ -") var sku: String
        @Option(help: "Name shown to staff, e.g. 腾讯Q币100元.") var name: String
        @Option(help: "game_card, mobile_topup, video_membership, software or gift_card.") var category: String
        @Option(help: "Face value in yuan, e.g. 100 or 99.50.") var face: String
        @Option(help: "Cost in yuan.") var cost: String
        @Option(help: "Retail price in yuan.") var retail: String
        @Option(help: "VIP price in yuan (default: retail).") var vip: String?
        @Option(help: "Agent price in yuan (default: VIP).") var agent: String?
        @Option(help: "Low-stock threshold in keys.") var threshold: Int = 0
        @Flag(help: "Deliver the same key to every order.") var reusable = false

        func run() async throws {
            guard let category = ProductCategory(rawValue: category) else {
                throw CLIError(message: "--category: expected one of \(ProductCategory.allCases.map(\.rawValue).joined(separator: ", "))", code: 2)
            }
            func money(_ text: String, _ field: String) throws -> Money {
                guard let value = Money(yuan: text) else { throw CLIError(message: "--\(field): \"\(text)\" is not an amount in yuan such as 12.34", code: 2) }
                return value
            }
            let retailPrice = try money(retail, "retail")
            let vipPrice = try vip.map { try money($0, "vip") } ?? retailPrice
            let product = Product(sku: sku, name: name, category: category, faceValue: try money(face, "face"), cost: try money(cost, "cost"),
                                  prices: MemberPrices(retail: retailPrice, vip: vipPrice, agent: try agent.map { try money($0, "agent") } ?? vipPrice),
                                  lowStockThreshold: threshold, reusable: reusable)
            let (store, me) = try await global.openAsStaff()
            let saved = try await store.addProduct(product, by: me)
            Output.say("Added \(saved.sku) \(TerminalSafe.visible(saved.name))")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List products.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print a JSON array.") var json = false

        func run() async throws {
            let (store, _) = try await global.openAsStaff()
            let products = try await store.products()
            if json { try Output.json(products.map(ProductJSON.init)); return }
            Output.table(["SKU", "NAME", "CATEGORY", "FACE", "RETAIL", "THRESHOLD"],
                         products.map { [$0.sku, $0.name, $0.category.rawValue, $0.faceValue.plain, $0.prices.retail.plain, String($0.lowStockThreshold)] })
        }
    }
}

/// The stable JSON shape of a product (documented in Docs/CLI.md).
struct ProductJSON: Codable {
    var sku: String, name: String, category: String, faceValueFen: Int64, costFen: Int64
    var retailFen: Int64, vipFen: Int64, agentFen: Int64, lowStockThreshold: Int, reusable: Bool
    init(_ p: Product) {
        sku = p.sku; name = p.name; category = p.category.rawValue; faceValueFen = p.faceValue.fen; costFen = p.cost.fen
        retailFen = p.prices.retail.fen; vipFen = p.prices.vip.fen; agentFen = p.prices.agent.fen
        lowStockThreshold = p.lowStockThreshold; reusable = p.reusable
    }
}

/// `kameng stock`: available keys per product against its threshold.
struct StockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stock", abstract: "Card keys in stock per product.")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print a JSON array.") var json = false

    func run() async throws {
        let (store, _) = try await global.openAsStaff()
        let levels = try await store.stockLevels(countingExpiry: true)
        if json { try Output.json(levels.map(StockJSON.init)); return }
        Output.table(["SKU", "NAME", "AVAILABLE", "THRESHOLD", "SOLD", "EXPIRING≤7D", ""],
                     levels.map { [$0.product.sku, $0.product.name, String($0.available), String($0.product.lowStockThreshold),
                                   String($0.sold), String($0.expiringWithin7Days ?? 0), $0.isBelowThreshold ? "LOW" : ""] })
    }
}

struct StockJSON: Codable {
    var sku: String, name: String, available: Int, sold: Int, void: Int, threshold: Int, belowThreshold: Bool, expiringWithin7Days: Int
    init(_ s: StockLevel) {
        sku = s.product.sku; name = s.product.name; available = s.available; sold = s.sold; void = s.void
        threshold = s.product.lowStockThreshold; belowThreshold = s.isBelowThreshold; expiringWithin7Days = s.expiringWithin7Days ?? 0
    }
}
