import Foundation
import GRDB
import KamengDomain
import KamengStorage

/// One generated order before it has an id.
struct DemoOrder {
    var order: Order
    var productIndex: Int
}

extension SQLiteStore {
    /// Fills an empty store with a deterministic demo platform: the same seed and anchor give the same data.
    func seedDemo(size: DemoSize, seed: UInt64, anchor: Date, by actor: Staff,
                         progress: @escaping @Sendable (String) -> Void = { _ in }) throws -> DemoSummary {
        try require(actor, .seedDemo)
        var rng = SeededRandom(seed: seed)
        try dbWrite { db in
            if try Int.fetchOne(db, sql: "SELECT count(*) FROM products") ?? 0 > 0 {
                throw StoreError.notEmpty(path: path)
            }
            progress("products and substations")
            var productIds: [Int64] = []
            for spec in DemoCatalogue.products {
                try insertProduct(db, spec.product, now: anchor.addingTimeInterval(-40 * 86_400))
                productIds.append(db.lastInsertedRowID)
            }
            var stationIds: [String: Int64] = [:]
            for spec in DemoCatalogue.substations {
                let status: SubstationStatus = spec.health == .suspended ? .suspended : .active
                let expiry = spec.health == .expiring ? anchor.addingTimeInterval(3 * 86_400) : anchor.addingTimeInterval(Double(200 + rng.below(300)) * 86_400)
                let station = Substation(code: spec.code, name: spec.name, domain: spec.domain,
                                         parentId: spec.parentCode.flatMap { stationIds[$0] },
                                         commissionBasisPoints: spec.commissionBasisPoints, status: status,
                                         expiresAt: expiry, createdAt: anchor.addingTimeInterval(-60 * 86_400))
                try insertSubstation(db, station, secret: Self.newAPISecret())
                stationIds[spec.code] = db.lastInsertedRowID
            }
            progress("\(size.orders) orders")
            var orders = Self.generateOrders(count: size.orders, anchor: anchor, productIds: productIds, stationIds: stationIds, rng: &rng)
            // The money draws from its own sequence, so the keys and heartbeats after it stay as they were.
            var moneyRng = SeededRandom(seed: seed ^ 0x6D6F_6E65_79)
            let money = Self.planDemoMoney(&orders, anchor: anchor, stationIds: stationIds, rng: &moneyRng)
            var orderIds: [Int64] = []
            orderIds.reserveCapacity(orders.count)
            for generated in orders { orderIds.append(try insertOrder(db, generated.order, now: generated.order.createdAt)) }
            progress("card keys (sealed one by one)")
            try seedKeys(db, orders: orders, orderIds: orderIds, productIds: productIds, size: size, anchor: anchor, actor: actor, rng: &rng)
            progress("balances, top-ups and charges")
            try writeDemoMoney(db, plan: money, orders: orders, orderIds: orderIds, stationIds: stationIds, anchor: anchor, actor: actor)
            progress("substation heartbeats")
            try seedSignals(db, stationIds: stationIds, anchor: anchor, rng: &rng)
            try appendAudit(db, actor: actor.userName, action: "demo.seed", target: "store",
                            detail: "size \(size.rawValue) seed \(seed) anchor \(StoreTime.string(anchor))", at: Date())
        }
        return try demoSummary(now: anchor)
    }

    @_spi(Benchmark) public func demoSummary(now: Date) throws -> DemoSummary {
        let levels = try stockLevels(now: now)
        return try pool.read { db in
            func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? 0 }
            return DemoSummary(
                products: try count("SELECT count(*) FROM products"),
                substations: try count("SELECT count(*) FROM substations"),
                orders: try count("SELECT count(*) FROM orders"),
                keys: try count("SELECT count(*) FROM card_keys"),
                availableKeys: try count("SELECT count(*) FROM card_keys WHERE status = 'available'"),
                flaggedOrders: try count("SELECT count(*) FROM orders WHERE status = 'flagged'"),
                awaitingStock: try count("SELECT count(*) FROM orders WHERE status = 'awaiting_stock'"),
                productsBelowThreshold: levels.filter(\.isBelowThreshold).count,
                keysExpiringWithin7Days: levels.map { $0.expiringWithin7Days ?? 0 }.reduce(0, +),
                signals: try count("SELECT count(*) FROM substation_signals"))
        }
    }
}
