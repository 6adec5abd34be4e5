import GRDB

extension Schema {
    /// Acknowledged and snoozed low-stock alerts, one row per product (the latest decision wins).
    static func registerAlerts(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5 stock alerts") { db in
            try db.execute(sql: """
                CREATE TABLE stock_alert_acks (
                    product_id INTEGER PRIMARY KEY REFERENCES products(id),
                    available_at_ack INTEGER NOT NULL CHECK (available_at_ack >= 0),
                    snoozed_until TEXT,
                    acknowledged_by TEXT NOT NULL,
                    acknowledged_at TEXT NOT NULL
                );
                """)
        }
    }
}
