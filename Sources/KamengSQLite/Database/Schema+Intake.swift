import GRDB

/// Migration "v3 intake": what the signed intake path (`kameng ingest`) records beside the v1 tables.
/// Docs/Schema.md describes each table; like every shipped migration, this one is never edited.
extension Schema {
    static func registerIntake(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3 intake") { db in
            try db.execute(sql: v3Intake)
        }
    }

    static let v3Intake = """
    CREATE TABLE intake_rejections (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        source TEXT NOT NULL,
        line INTEGER NOT NULL CHECK (line >= 1),
        substation TEXT NOT NULL,
        kind TEXT NOT NULL CHECK ((kind = 'order' OR kind = 'payment' OR kind = 'heartbeat' OR kind = 'unknown')),
        reason TEXT NOT NULL,
        detail TEXT NOT NULL,
        excerpt TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX intake_rejections_by_at ON intake_rejections(at);
    CREATE TABLE blacklist (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK ((kind = 'ip' OR kind = 'buyer' OR kind = 'device')),
        value TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        added_by TEXT NOT NULL,
        added_at TEXT NOT NULL,
        UNIQUE (kind, value)
    );
    CREATE TABLE payment_failures (
        id INTEGER PRIMARY KEY,
        order_id INTEGER NOT NULL REFERENCES orders(id),
        buyer TEXT NOT NULL,
        at TEXT NOT NULL,
        txn TEXT NOT NULL,
        paid_fen INTEGER NOT NULL,
        reason TEXT NOT NULL CHECK ((reason = 'amount_mismatch')),
        UNIQUE (order_id, txn)
    );
    CREATE INDEX payment_failures_by_buyer ON payment_failures(buyer, at);
    CREATE INDEX orders_by_device_buyer ON orders(device, created_at, buyer);
    CREATE INDEX orders_by_ip_buyer ON orders(ip, created_at, buyer);
    DROP INDEX orders_by_device;
    DROP INDEX orders_by_ip;
    """
}
