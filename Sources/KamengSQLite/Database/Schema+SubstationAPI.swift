import GRDB

extension Schema {
    /// v20: what the substation API needs kept. The secret before the last rotation (sealed like the
    /// current one) and the end of its grace, during which it verifies signatures and never seals; the
    /// notify URL, sealed because it may carry the shop's token; the outbox of notices to the shops,
    /// written in the transaction that delivers, refunds or rejects the order; and the API server's
    /// per-substation, per-minute traffic counters, which the console (another process) reads.
    /// The outbox has only the two partial indexes the sender and the backlog need: each notice is
    /// written in an intake group, so every index is paid for per delivered order.
    static func registerSubstationAPI(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v20 substation API") { db in
            try db.execute(sql: v20SubstationAPI)
        }
    }

    static let v20SubstationAPI = """
    ALTER TABLE substations ADD COLUMN api_secret_previous_sealed BLOB;
    ALTER TABLE substations ADD COLUMN api_secret_previous_until TEXT;
    ALTER TABLE substations ADD COLUMN notify_url_sealed BLOB;
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        substation_id INTEGER NOT NULL REFERENCES substations(id),
        order_id INTEGER NOT NULL REFERENCES orders(id),
        type TEXT NOT NULL CHECK (type = 'delivered' OR type = 'refunded' OR type = 'rejected'),
        created_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        last_error TEXT,
        delivered_at TEXT,
        gave_up INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX outbox_due ON outbox(next_attempt_at, id) WHERE delivered_at IS NULL AND gave_up = 0;
    CREATE INDEX outbox_undelivered ON outbox(substation_id, created_at) WHERE delivered_at IS NULL;
    CREATE TABLE api_traffic (
        substation_id INTEGER NOT NULL REFERENCES substations(id),
        minute TEXT NOT NULL,
        requests INTEGER NOT NULL DEFAULT 0,
        rejects INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (substation_id, minute)
    ) WITHOUT ROWID;
    """
}
