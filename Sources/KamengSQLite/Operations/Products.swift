import Foundation
import GRDB
import KamengDomain
import KamengStorage

extension SQLiteStore {
    @_spi(Benchmark) public func addProduct(_ product: Product, by actor: Staff, now: Date = Date()) throws -> Product {
        try require(actor, .manageProducts)
        let problems = product.validationProblems()
        guard problems.isEmpty else { throw StoreError.invalidRecord(.product(sku: product.sku), problems: problems) }
        return try dbWrite { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM products WHERE sku = ?", arguments: [product.sku]) == true {
                throw StoreError.duplicate(.product(sku: product.sku))
            }
            try insertProduct(db, product, now: now)
            var saved = product
            saved.id = db.lastInsertedRowID
            try appendAudit(db, actor: actor.userName, action: "product.add", target: "product:\(product.sku)",
                            detail: "\(product.name) face \(product.faceValue) threshold \(product.lowStockThreshold)", at: now)
            return saved
        }
    }

    func insertProduct(_ db: Database, _ p: Product, now: Date) throws {
        try db.execute(sql: """
            INSERT INTO products (sku, name, category, face_value_fen, cost_fen, price_retail_fen, price_vip_fen,
                                  price_agent_fen, low_stock_threshold, reusable, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [p.sku, p.name, p.category.rawValue, p.faceValue.fen, p.cost.fen, p.prices.retail.fen,
                             p.prices.vip.fen, p.prices.agent.fen, p.lowStockThreshold, p.reusable, StoreTime.string(now)])
    }

    func products() throws -> [Product] {
        try pool.read { db in try Row.fetchAll(db, sql: "SELECT * FROM products ORDER BY sku").map(Self.product(from:)) }
    }

    func product(sku: String) throws -> Product {
        let row = try pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM products WHERE sku = ?", arguments: [sku]) }
        guard let row else { throw StoreError.notFound(.product(sku: sku)) }
        return try Self.product(from: row)
    }

    /// Stock per product, from the kept counts (`card_key_counts`: a row per product and key status,
    /// Schema+StockCounts.swift), not a pass over every key; with `countingExpiry`, also the available
    /// keys expiring within 7 days, counted off their index (`expiringKeys`). Without it they are nil.
    func stockLevels(now: Date = Date(), countingExpiry: Bool = true) throws -> [StockLevel] {
        try pool.read { db in
            let products = try Row.fetchAll(db, sql: "SELECT * FROM products ORDER BY sku").map(Self.product(from:))
            var counts: [Int64: [String: Int]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT product_id, status, sum(keys) AS n FROM card_key_counts GROUP BY product_id, status") {
                counts[row["product_id"], default: [:]][row["status"]] = row["n"]
            }
            let expiring = countingExpiry ? try Self.expiringKeys(db, before: now.addingTimeInterval(7 * 86_400)) : [:]
            return products.map { p in
                let c = counts[p.id!] ?? [:]
                return StockLevel(product: p, available: c["available"] ?? 0, sold: c["sold"] ?? 0, void: c["void"] ?? 0,
                                  expiringWithin7Days: countingExpiry ? expiring[p.id!] ?? 0 : nil)
            }
        }
    }

    /// Available keys expiring at or before `horizon`, per product id, off `card_keys_available_by_expiry`
    /// (a pass over those keys' index entries: 10–30 ms for the 5M demo's 70,000).
    static func expiringKeys(_ db: Database, before horizon: Date) throws -> [Int64: Int] {
        var expiring: [Int64: Int] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT product_id, count(*) AS n FROM card_keys
            WHERE expires_at IS NOT NULL AND expires_at <= ? AND status = 'available' GROUP BY product_id
            """, arguments: [StoreTime.string(horizon)]) {
            expiring[row["product_id"]] = row["n"]
        }
        return expiring
    }

    /// A product's available keys, from the kept counts.
    static func availableKeys(_ db: Database, productId: Int64) throws -> Int {
        try Int.fetchOne(db.cachedStatement(sql: "SELECT coalesce(sum(keys), 0) FROM card_key_counts WHERE product_id = ? AND status = 'available'"),
                         arguments: [productId]) ?? 0
    }

    static func product(from row: Row) throws(StoreError) -> Product {
        Product(id: row["id"], sku: row["sku"], name: row["name"],
                category: try row.decode("category", table: "products"),
                faceValue: Money(fen: row["face_value_fen"]), cost: Money(fen: row["cost_fen"]),
                prices: MemberPrices(retail: Money(fen: row["price_retail_fen"]), vip: Money(fen: row["price_vip_fen"]),
                                     agent: Money(fen: row["price_agent_fen"])),
                lowStockThreshold: row["low_stock_threshold"], reusable: row["reusable"])
    }
}
