import GRDB

extension Schema {
    /// v8 and v9: less written per order and per sold key, measured in WAL frames per intake group
    /// (Docs/Performance.md, "Less work per order").
    ///
    /// v8: an order is unique per (order number, substation) through ONE index led by the order number,
    /// which also answers "which order is this number", instead of the table's UNIQUE (substation_id,
    /// order_no) beside a second index on order_no. Led by the substation, the unique index took every
    /// new order at one place per substation, mid-tree, and split leaves there every few groups (38 of
    /// about 300 frames per group); order numbers mostly grow with time, so led by the number it takes
    /// them near its end. SQLite cannot drop a table constraint's index, so the table is rebuilt (SQLite's
    /// documented procedure; GRDB runs migrations with foreign keys off and checks them before commit).
    ///
    /// The console's `sub:` and `sku:` indexes (v7) took each new order at one place per substation and
    /// per product, mid-tree, like the unique index above, and split there every few groups (about 85 of
    /// 200 frames per group between them). Keyed by `created_ms`, the creation time as an integer (a
    /// virtual column: computed, not stored in the row), an entry is 13 bytes instead of 29, so a leaf
    /// holds twice as many and splits half as often. The filters page by (`created_ms`, id), the same
    /// order as (`created_at`, id): `created_at` is always "yyyy-MM-dd HH:mm:ss.SSS" and the milliseconds
    /// are exact (julianday's error here is about 0.04 ms, and the value is rounded).
    ///
    /// v9: `card_keys.sold_at` is gone. It was written with every sold key and read nowhere: a key is sold
    /// when its order is delivered (`orders.delivered_at`). Without it a sold key's row no longer grows
    /// (`'available'` → `'sold'` is 5 bytes shorter than the order id is long), so the leaves the import
    /// packed full stop splitting under delivery.
    static func registerIntakeWrites(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v8 order number index") { db in
            // Dropping the table drops its triggers (the status machine): they are put back as they are.
            let triggers = try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'orders'")
            try db.execute(sql: v8OrdersByNumber)
            for trigger in triggers { try db.execute(sql: trigger) }
        }
        migrator.registerMigration("v9 key sale time on its order") { db in
            try db.execute(sql: "ALTER TABLE card_keys DROP COLUMN sold_at")
        }
    }

    static let v8OrdersByNumber = """
    CREATE TABLE orders_v8 (
        id INTEGER PRIMARY KEY,
        order_no TEXT NOT NULL,
        substation_id INTEGER NOT NULL REFERENCES substations(id),
        buyer TEXT NOT NULL,
        ip TEXT NOT NULL,
        device TEXT NOT NULL,
        product_id INTEGER NOT NULL REFERENCES products(id),
        quantity INTEGER NOT NULL CHECK (quantity BETWEEN 1 AND 1000),
        amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
        payment_method TEXT CHECK ((payment_method = 'balance' OR payment_method = 'alipay' OR payment_method = 'wechat' OR payment_method = 'unionpay')),
        payment_txn TEXT,
        paid_fen INTEGER,
        status TEXT NOT NULL DEFAULT 'pending'
            CHECK ((status = 'pending' OR status = 'paid' OR status = 'flagged' OR status = 'awaiting_stock' OR status = 'delivered' OR status = 'refunded' OR status = 'cancelled')),
        risk_score INTEGER NOT NULL DEFAULT 0,
        risk_reasons TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL,
        paid_at TEXT,
        delivered_at TEXT,
        updated_at TEXT NOT NULL,
        created_ms INTEGER GENERATED ALWAYS AS (\(createdMillis("created_at"))) VIRTUAL
    );
    INSERT INTO orders_v8 (id, order_no, substation_id, buyer, ip, device, product_id, quantity, amount_fen, payment_method,
                           payment_txn, paid_fen, status, risk_score, risk_reasons, created_at, paid_at, delivered_at, updated_at)
    SELECT id, order_no, substation_id, buyer, ip, device, product_id, quantity, amount_fen, payment_method,
           payment_txn, paid_fen, status, risk_score, risk_reasons, created_at, paid_at, delivered_at, updated_at
    FROM orders ORDER BY id;
    DROP TABLE orders;
    ALTER TABLE orders_v8 RENAME TO orders;
    CREATE UNIQUE INDEX orders_by_order_no ON orders(order_no, substation_id);
    CREATE UNIQUE INDEX orders_by_payment_txn ON orders(payment_txn) WHERE payment_txn IS NOT NULL;
    CREATE INDEX orders_by_created ON orders(created_at, id);
    CREATE INDEX orders_by_status ON orders(status, created_at);
    CREATE INDEX orders_by_buyer ON orders(buyer, created_at);
    CREATE INDEX orders_by_product ON orders(product_id, created_ms);
    CREATE INDEX orders_by_device_buyer ON orders(device, created_at, buyer);
    CREATE INDEX orders_by_ip_buyer ON orders(ip, created_at, buyer);
    CREATE INDEX orders_by_substation ON orders(substation_id, created_ms);
    """

    /// A stored time as integer milliseconds since 1970 (UTC), in SQL: `orders.created_ms`, and a page
    /// cursor's time compared with it. Shipped in v8: never edit, or the column and the cursors disagree.
    static func createdMillis(_ text: String) -> String {
        "CAST(round((julianday(\(text)) - 2440587.5) * 86400000) AS INTEGER)"
    }
}
