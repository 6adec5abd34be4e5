import Foundation
import GRDB
import KamengDomain

/// Keeps `card_key_counts` and `product_daily_sales` (Schema+StockCounts.swift), inside the caller's
/// write transaction. Every write that changes what they count calls these, once per statement or
/// once per intake group, never per key:
///
/// | write | counts |
/// |---|---|
/// | an import (`importBatch`, every file and list import) | + accepted keys available, the batch's too |
/// | the demo seeder (`seedKeys`) | + its keys per product and status, and per batch |
/// | a delivery (`DeliveryStatements.takeKeys`, `markDelivered`, summed until `writeCounts`) | keys available → sold (and off their batches); + the order's units |
/// | an order recorded already delivered (`insertOrder`: tests, the demo) | + the order's units |
/// | the intake's deferred writes (`IntakeGroup.flush`) | per group: keys available → sold (and off their batches), + units per product and day |
/// | voiding a batch (`voidBatch`) | keys available → void; the batch's available keys 0 |
/// | a refund or a rejection of a delivered order (`markRefunded`) | − the order's units |
///
/// The import also deletes rows it appended and then found to be duplicates; it counts only the keys
/// it kept. `import_batches.available_keys` (Schema+PaneQueues.swift) is kept the same way.
/// `StockCountsTests` compares all three with a GROUP BY over the rows after each of these.
enum StockCounts {
    /// `count` keys of the product leave status `from` (nil: they are new) for status `to`.
    static func moveKeys(_ db: Database, productId: Int64, from: String?, to: String, count: Int) throws {
        guard count != 0 else { return }
        if let from {
            try db.cachedStatement(sql: "UPDATE card_key_counts SET keys = keys - ? WHERE product_id = ? AND status = ?")
                .execute(arguments: [count, productId, from])
        }
        try db.cachedStatement(sql: """
            INSERT INTO card_key_counts (product_id, status, keys) VALUES (?, ?, ?)
            ON CONFLICT (product_id, status) DO UPDATE SET keys = keys + excluded.keys
            """).execute(arguments: [productId, to, count])
    }

    /// The sold keys `keyIds` of one product leave their batches' `available_keys`. Each batch is found
    /// by the id range that holds its keys (Schema+ImportIndexes.swift): with the ids sorted, one lookup
    /// and one update per batch, usually one per product and intake group, since keys sell lowest id
    /// first. A key outside every range (none is, but a hand-edited file may hold one) counts nowhere.
    static func keysSold(_ db: Database, productId: Int64, keyIds: [Int64]) throws {
        guard !keyIds.isEmpty else { return }
        let find = try db.cachedStatement(sql: """
            SELECT id, last_key_id FROM import_batches WHERE product_id = ? AND first_key_id <= ? ORDER BY first_key_id DESC LIMIT 1
            """)
        let update = try db.cachedStatement(sql: "UPDATE import_batches SET available_keys = available_keys - ? WHERE id = ?")
        var ids = keyIds.sorted()[...]
        while let first = ids.first {
            guard let row = try Row.fetchOne(find, arguments: [productId, first]), let last: Int64 = row["last_key_id"], last >= first else {
                ids.removeFirst()
                continue
            }
            let inBatch = ids.prefix { $0 <= last }.count
            try update.execute(arguments: [inBatch, row["id"]])
            ids.removeFirst(inBatch)
        }
    }

    /// Keys sold and units delivered, summed in memory over many deliveries in one transaction and
    /// written by `write` before it commits (`DeliveryStatements.writeCounts`). A transaction that
    /// fails drops it unwritten, with the rows it would have counted.
    final class Pending {
        private var keys: [Int64: [Int64]] = [:]
        private var sales: [SalesDay: Int] = [:]

        func keysSold(productId: Int64, keyIds: [Int64]) { keys[productId, default: []].append(contentsOf: keyIds) }
        func keysSold(productId: Int64) -> Int { keys[productId]?.count ?? 0 }
        func sold(productId: Int64, createdAt: String, units: Int) {
            sales[SalesDay(productId: productId, createdAt: createdAt), default: 0] += units
        }

        func write(_ db: Database) throws {
            for (productId, ids) in keys {
                try StockCounts.moveKeys(db, productId: productId, from: "available", to: "sold", count: ids.count)
                try StockCounts.keysSold(db, productId: productId, keyIds: ids)
            }
            for (day, units) in sales { try StockCounts.addSales(db, productId: day.productId, createdAt: day.day, units: units) }
            discard()
        }

        /// Forgets what was summed: the caller rolled back the writes it counted.
        func discard() {
            keys.removeAll()
            sales.removeAll()
        }
    }

    /// A product and the UTC day (`yyyy-MM-dd`) of an order's stored creation time, as `product_daily_sales` keys them.
    struct SalesDay: Hashable {
        var productId: Int64
        var day: String
        init(productId: Int64, createdAt: String) {
            self.productId = productId
            self.day = String(createdAt.prefix(10))
        }
    }

    /// `units` more (or, negative, fewer) delivered for the product on the UTC day of `createdAt`, the
    /// order's stored creation time.
    static func addSales(_ db: Database, productId: Int64, createdAt: String, units: Int) throws {
        guard units != 0 else { return }
        try db.cachedStatement(sql: """
            INSERT INTO product_daily_sales (product_id, day, units) VALUES (?, substr(?, 1, 10), ?)
            ON CONFLICT (product_id, day) DO UPDATE SET units = units + excluded.units
            """).execute(arguments: [productId, createdAt, units])
    }
}
