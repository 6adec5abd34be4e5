import GRDB

extension Schema {
    /// v11: stock and sales kept as counts, so that `kameng stock` and the low-stock pane read a few
    /// dozen rows instead of grouping every key and every delivered order (Docs/Decisions.md, "Stock
    /// and sales kept as counts").
    ///
    /// - `card_key_counts`: keys per (product, key status). A row may hold 0.
    /// - `product_daily_sales`: units delivered per product per UTC day of the order's creation
    ///   (`substr(created_at, 1, 10)`), counting the orders whose status is `delivered` now, exactly as
    ///   `dailySales` grouped the orders before: an order adds its quantity when it is delivered (or
    ///   written delivered) and takes it back when a refund moves it out of `delivered`.
    /// - `card_keys_available_by_expiry` replaces `card_keys_by_expiry`: the available keys that expire,
    ///   with their product, so "expiring within 7 days" is read off the index alone.
    ///
    /// The store keeps both tables itself, in the transaction of every write that adds keys, moves a
    /// key's status, or moves an order into or out of `delivered` (`StockCounts.swift` lists them).
    /// Triggers would have kept them without help, but measured as a third to a half of the intake's
    /// throughput (a trigger per key and per order, and the statement journal a trigger turns on for
    /// every order insert); the store counts once per statement, or once per intake group.
    ///
    /// Both tables are filled from the existing rows here, in the migration's transaction.
    static func registerStockCounts(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v11 stock counts") { db in
            try db.execute(sql: v11StockCounts)
        }
    }

    static let v11StockCounts = """
    CREATE TABLE card_key_counts (
        product_id INTEGER NOT NULL,
        status TEXT NOT NULL,
        keys INTEGER NOT NULL,
        PRIMARY KEY (product_id, status)
    ) WITHOUT ROWID;
    INSERT INTO card_key_counts (product_id, status, keys)
    SELECT product_id, status, count(*) FROM card_keys GROUP BY product_id, status;
    CREATE TABLE product_daily_sales (
        product_id INTEGER NOT NULL,
        day TEXT NOT NULL,
        units INTEGER NOT NULL,
        PRIMARY KEY (product_id, day)
    ) WITHOUT ROWID;
    INSERT INTO product_daily_sales (product_id, day, units)
    SELECT product_id, substr(created_at, 1, 10) AS day, sum(quantity) FROM orders WHERE status = 'delivered' GROUP BY product_id, day;
    DROP INDEX card_keys_by_expiry;
    CREATE INDEX card_keys_available_by_expiry ON card_keys(expires_at, product_id) WHERE status = 'available' AND expires_at IS NOT NULL;
    """
}
