import Foundation
import GRDB
import KamengDomain
import KamengStorage

extension SQLiteStore {
    /// Units delivered per product per day over the last `days` days (oldest first, today last): the
    /// kept per-day counts of delivered orders (`product_daily_sales`, by the UTC day each order was
    /// created, Schema+StockCounts.swift), a few rows per product. (Grouping the delivered orders
    /// themselves read 14 days of orders: 0.41 s on the 1M-order demo.)
    func dailySales(days: Int = 14, now: Date = Date()) throws -> [String: [Int]] {
        let calendar = Self.utcCalendar
        let today = calendar.startOfDay(for: now)
        guard let start = calendar.date(byAdding: .day, value: -(days - 1), to: today) else { return [:] }
        // Each day's stored text to its place in the series, formatted once per day instead of parsing
        // every row's day (DateFormatter parsing was most of the alerts pane's reload on the 5M demo).
        var dayIndex: [String: Int] = [:]
        for index in 0..<days {
            guard let day = calendar.date(byAdding: .day, value: index, to: start) else { continue }
            dayIndex[Self.dayFormatter.string(from: day)] = index
        }
        return try pool.read { db in
            var result: [String: [Int]] = [:]
            for sku in try String.fetchAll(db, sql: "SELECT sku FROM products") { result[sku] = Array(repeating: 0, count: days) }
            let rows = try Row.fetchAll(db, sql: """
                SELECT p.sku, s.day, s.units AS n FROM product_daily_sales s JOIN products p ON p.id = s.product_id
                WHERE s.day >= ? AND s.units <> 0
                """, arguments: [Self.dayFormatter.string(from: start)])
            for row in rows {
                guard let index = dayIndex[row["day"]] else { continue }
                let sku: String = row["sku"]
                if result[sku]?.indices.contains(index) == true { result[sku]?[index] = row["n"] }
            }
            return result
        }
    }

    /// The current acknowledgements and snoozes, by SKU.
    func stockAlertAcks() throws -> [String: StockAlertAck] {
        try pool.read { db in
            var acks: [String: StockAlertAck] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT p.sku, a.available_at_ack, a.snoozed_until, a.acknowledged_by, a.acknowledged_at
                FROM stock_alert_acks a JOIN products p ON p.id = a.product_id
                """) {
                acks[row["sku"]] = StockAlertAck(sku: row["sku"], availableAtAck: row["available_at_ack"], snoozedUntil: row["snoozed_until"],
                                                 by: row["acknowledged_by"], at: row["acknowledged_at"])
            }
            return acks
        }
    }

    /// Acknowledges (or, with `snoozeUntil`, snoozes) a product's low-stock alert at its current stock. Audited.
    func acknowledgeStockAlert(sku: String, snoozeUntil: Date? = nil, by actor: Staff, now: Date = Date()) throws {
        try require(actor, .manageProducts)
        try dbWrite { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM products WHERE sku = ?", arguments: [sku]) else {
                throw StoreError.notFound(.product(sku: sku))
            }
            let available = try Self.availableKeys(db, productId: id)
            try db.execute(sql: """
                INSERT INTO stock_alert_acks (product_id, available_at_ack, snoozed_until, acknowledged_by, acknowledged_at)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (product_id) DO UPDATE SET available_at_ack = excluded.available_at_ack,
                    snoozed_until = excluded.snoozed_until, acknowledged_by = excluded.acknowledged_by, acknowledged_at = excluded.acknowledged_at
                """, arguments: [id, available, snoozeUntil.map(StoreTime.string), actor.userName, StoreTime.string(now)])
            try appendAudit(db, actor: actor.userName, action: snoozeUntil == nil ? "alert.acknowledge" : "alert.snooze",
                            target: "product:\(sku)",
                            detail: "\(available) available" + (snoozeUntil.map { "; until \(StoreTime.string($0)) UTC" } ?? ""), at: now)
        }
    }

    /// Sets a product's low-stock threshold. Audited.
    func setLowStockThreshold(sku: String, to threshold: Int, by actor: Staff, now: Date = Date()) throws {
        try require(actor, .manageProducts)
        guard (0...10_000_000).contains(threshold) else { throw StoreError.invalidField(field: "threshold", rule: "0–10,000,000") }
        try dbWrite { db in
            guard let old = try Int.fetchOne(db, sql: "SELECT low_stock_threshold FROM products WHERE sku = ?", arguments: [sku]) else {
                throw StoreError.notFound(.product(sku: sku))
            }
            try db.execute(sql: "UPDATE products SET low_stock_threshold = ? WHERE sku = ?", arguments: [threshold, sku])
            try appendAudit(db, actor: actor.userName, action: "product.threshold", target: "product:\(sku)",
                            detail: "\(old) → \(threshold)", at: now)
        }
    }

    static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    static let dayFormatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter
    }()
}
