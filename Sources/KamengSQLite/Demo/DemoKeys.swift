import Foundation
import GRDB
import KamengDomain
import KamengStorage
import KamengVault

extension SQLiteStore {
    /// Keys for every delivered order (sold to it) plus available stock per product, in import batches,
    /// some near expiry. Each key is sealed and digested exactly as a real import does.
    func seedKeys(_ db: Database, orders: [DemoOrder], orderIds: [Int64], productIds: [Int64], size: DemoSize,
                  anchor: Date, actor: Staff, rng: inout SeededRandom) throws {
        let specs = DemoCatalogue.products
        var soldTo: [[(orderId: Int64, quantity: Int)]] = Array(repeating: [], count: specs.count)
        for (index, generated) in orders.enumerated() where [.delivered, .refunded].contains(generated.order.status) {
            soldTo[generated.productIndex].append((orderIds[index], generated.order.quantity))
        }
        let insertKey = try db.makeStatement(sql: """
            INSERT INTO card_keys (id, product_id, batch_id, source_line, digest, sealed, number_hint, expires_at, status, order_id, seal_version)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 2)
            """)
        let insertShared = try db.makeStatement(sql: "INSERT INTO reusable_deliveries (order_id, card_key_id) VALUES (?, ?)")
        let firstKeyId = try (Int64.fetchOne(db, sql: "SELECT max(id) FROM card_keys") ?? 0) + 1
        // Chosen here, not by SQLite: each key's seal binds its id (SealedCardKey.contextV2).
        var nextKeyId = firstKeyId
        for (p, spec) in specs.enumerated() {
            let reusable = spec.product.reusable
            let soldUnits = reusable ? 0 : soldTo[p].reduce(0) { $0 + $1.quantity }
            let dailySales = Double(soldTo[p].reduce(0) { $0 + $1.quantity }) / 30
            let available = reusable ? 1 : Int((dailySales * spec.stockDays * size.keyFactor).rounded())
            let total = soldUnits + available
            // Thresholds follow sales, so the low-stock pane tells the same story at every demo size:
            // products with under 2.5 days of cover fall below their threshold, the rest stay above.
            if !reusable {
                let threshold = spec.stockDays < 2.5 ? Int(dailySales * 3) : min(Int(dailySales * 1.5), max(available - 1, 0))
                try db.execute(sql: "UPDATE products SET low_stock_threshold = ? WHERE id = ?",
                               arguments: [max(spec.product.lowStockThreshold / 10, threshold), productIds[p]])
            }
            var batchId: Int64 = 0
            var line = 0
            var sales = soldTo[p].makeIterator()
            var current: (orderId: Int64, quantity: Int)?
            var remainingInOrder = 0
            for k in 0..<total {
                if k % 5_000 == 0 {
                    let importedAt = anchor.addingTimeInterval(-Double(31 - min(30, k * 30 / max(total, 1))) * 86_400)
                    try db.execute(sql: """
                        INSERT INTO import_batches (product_id, file_name, content_digest, digest_keyed, imported_by, imported_at, accepted)
                        VALUES (?, ?, ?, 1, ?, ?, ?)
                        """, arguments: [productIds[p], "\(spec.product.sku.lowercased())-\(k / 5_000 + 1).txt", rng.secret(length: 32).lowercased(),
                                         actor.userName, StoreTime.string(importedAt), min(5_000, total - k)])
                    batchId = db.lastInsertedRowID
                    line = 0
                }
                line += 1
                let number: String? = spec.product.category == .software ? nil : rng.digitString(length: 12 + rng.below(5))
                let secret = rng.secret(length: 16 + rng.below(5))
                let digest = vault.digest(ofSecret: Data(secret.utf8))
                let keyId = nextKeyId
                nextKeyId += 1
                let sealed = try vault.seal(SealedCardKey.plaintext(number: number, secret: secret),
                                            context: SealedCardKey.contextV2(keyId: keyId, productId: productIds[p], batchId: batchId, digest: digest))
                var status = "available", orderId: Int64? = nil
                if k < soldUnits {
                    if remainingInOrder == 0 { current = sales.next(); remainingInOrder = current?.quantity ?? 0 }
                    remainingInOrder -= 1
                    status = "sold"; orderId = current?.orderId
                }
                var expiry: Date? = nil
                if status == "available" {
                    if spec.expiringSoon && rng.chance(0.06) { expiry = anchor.addingTimeInterval(Double(2 + rng.below(5)) * 86_400) }
                    else if spec.product.category == .videoMembership { expiry = anchor.addingTimeInterval(Double(120 + rng.below(200)) * 86_400) }
                }
                try insertKey.execute(arguments: [keyId, productIds[p], batchId, line, digest, sealed, number.map(Self.numberHint),
                                                  expiry.map(StoreTime.string), status, orderId])
                if reusable {
                    for sale in soldTo[p] { try insertShared.execute(arguments: [sale.orderId, keyId]) }
                }
            }
        }
        // Every digest claimed in one sorted pass, as an import's sweep does (Schema+Digests.swift).
        try db.execute(sql: "INSERT INTO card_key_digests (digest, key_id) SELECT digest, id FROM card_keys WHERE id >= ? ORDER BY digest",
                       arguments: [firstKeyId])
        // The stock counts, per product and status, of every key just written (Schema+StockCounts.swift).
        try db.execute(sql: """
            INSERT INTO card_key_counts (product_id, status, keys)
            SELECT product_id, status, count(*) FROM card_keys WHERE id >= ? GROUP BY product_id, status
            ON CONFLICT (product_id, status) DO UPDATE SET keys = keys + excluded.keys
            """, arguments: [firstKeyId])
        // Each batch's id range, as an import records it (batch queries scan it: Schema+ImportIndexes.swift).
        try db.execute(sql: """
            UPDATE import_batches SET first_key_id = r.lo, last_key_id = r.hi
            FROM (SELECT batch_id, min(id) AS lo, max(id) AS hi FROM card_keys GROUP BY batch_id) AS r
            WHERE r.batch_id = import_batches.id
            """)
        // And each batch's available keys, as the store keeps them (Schema+PaneQueues.swift).
        try db.execute(sql: """
            UPDATE import_batches SET available_keys = (
                SELECT count(*) FROM card_keys k
                WHERE k.product_id = import_batches.product_id AND k.status = 'available' AND k.id BETWEEN first_key_id AND last_key_id)
            WHERE last_key_id >= ?
            """, arguments: [firstKeyId])
    }

    /// Heartbeats every five minutes for the last day, shaped by each substation's part in the story. The
    /// newest is a minute before the anchor: five minutes before it was already the offline threshold, so a
    /// fresh demo opened with every substation down until live heartbeats arrived.
    func seedSignals(_ db: Database, stationIds: [String: Int64], anchor: Date, rng: inout SeededRandom) throws {
        let insert = try db.makeStatement(sql: """
            INSERT INTO substation_signals (substation_id, at, callbacks, callback_failures, delivery_p95_ms, orders_last_hour)
            VALUES (?, ?, ?, ?, ?, ?)
            """)
        for spec in DemoCatalogue.substations {
            for step in stride(from: 288, through: 1, by: -1) {
                let age = Double(step - 1) * 300 + 60
                if spec.health == .offline && age < 3 * 3_600 { continue }
                if spec.health == .suspended && age < 20 * 3_600 { continue }
                let hourly = Int(spec.traffic * 12) + rng.below(10)
                var callbacks = max(1, hourly / 12 + rng.below(4))
                var failures = rng.chance(0.05) ? 1 : 0
                var p95 = 600 + rng.below(900)
                if spec.health == .degraded && age < 2 * 3_600 {
                    callbacks += 2
                    failures = callbacks / 3 + rng.below(2)
                    p95 = 6_000 + rng.below(4_000)
                }
                try insert.execute(arguments: [stationIds[spec.code]!, StoreTime.string(anchor.addingTimeInterval(-age)),
                                               callbacks, min(failures, callbacks), p95, hourly])
            }
        }
    }
}
