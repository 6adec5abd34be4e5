import GRDB

/// The schema as migrations. A shipped migration is never edited: changes come as a new one.
/// Docs/Schema.md explains each table for operators writing ad-hoc reports with sqlite3.
///
/// Allowed values are written `(x = 'a' OR x = 'b' …)`, not `x IN ('a', 'b' …)`: SQLite 3.40 evaluates a
/// CHECK or trigger IN-list by building a temporary index on every row write, which measured as most of
/// the cost of a delivery.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1 core tables") { db in
            try db.execute(sql: v1Core)
            try db.execute(sql: v1OrderMachine)
            try db.execute(sql: v1Audit)
        }
        migrator.registerMigration("v2 import indexes") { db in
            try db.execute(sql: v2ImportIndexes)
        }
        registerIntake(&migrator)
        registerSecurity(&migrator)
        registerAlerts(&migrator)
        registerDigests(&migrator)
        registerOrderFilters(&migrator)
        registerIntakeWrites(&migrator)
        registerOrderTimes(&migrator)
        registerStockCounts(&migrator)
        registerOrderTails(&migrator)
        registerPaneQueues(&migrator)
        registerServiceOwner(&migrator)
        registerStaffSSHKeys(&migrator)
        registerPowerRowSeals(&migrator)
        registerCardKeySealV2(&migrator)
        registerKeyedContentDigest(&migrator)
        registerDemoMarker(&migrator)
        registerSubstationAPI(&migrator)
        registerLedger(&migrator)
        return migrator
    }

    static let v1Core = """
    CREATE TABLE vault (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        kek_fingerprint TEXT NOT NULL,
        wrapped_data_key BLOB NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE TABLE staff (
        id INTEGER PRIMARY KEY,
        user_name TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL CHECK ((role = 'admin' OR role = 'operator' OR role = 'support' OR role = 'oncall')),
        active INTEGER NOT NULL DEFAULT 1 CHECK (active = 0 OR active = 1),
        created_at TEXT NOT NULL
    );
    CREATE TABLE products (
        id INTEGER PRIMARY KEY,
        sku TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        category TEXT NOT NULL CHECK ((category = 'game_card' OR category = 'mobile_topup' OR category = 'video_membership' OR category = 'software' OR category = 'gift_card')),
        face_value_fen INTEGER NOT NULL CHECK (face_value_fen >= 0),
        cost_fen INTEGER NOT NULL CHECK (cost_fen >= 0),
        price_retail_fen INTEGER NOT NULL CHECK (price_retail_fen >= 0),
        price_vip_fen INTEGER NOT NULL CHECK (price_vip_fen >= 0),
        price_agent_fen INTEGER NOT NULL CHECK (price_agent_fen >= 0),
        low_stock_threshold INTEGER NOT NULL DEFAULT 0 CHECK (low_stock_threshold >= 0),
        reusable INTEGER NOT NULL DEFAULT 0 CHECK (reusable = 0 OR reusable = 1),
        created_at TEXT NOT NULL
    );
    CREATE TABLE substations (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        domain TEXT NOT NULL UNIQUE,
        parent_id INTEGER REFERENCES substations(id),
        commission_bp INTEGER NOT NULL CHECK (commission_bp BETWEEN 0 AND 10000),
        status TEXT NOT NULL DEFAULT 'active' CHECK ((status = 'active' OR status = 'suspended' OR status = 'closed')),
        expires_at TEXT,
        api_secret_sealed BLOB NOT NULL,
        created_at TEXT NOT NULL,
        CHECK (parent_id IS NULL OR parent_id <> id)
    );
    CREATE TABLE substation_signals (
        id INTEGER PRIMARY KEY,
        substation_id INTEGER NOT NULL REFERENCES substations(id),
        at TEXT NOT NULL,
        callbacks INTEGER NOT NULL CHECK (callbacks >= 0),
        callback_failures INTEGER NOT NULL CHECK (callback_failures >= 0),
        delivery_p95_ms INTEGER NOT NULL CHECK (delivery_p95_ms >= 0),
        orders_last_hour INTEGER NOT NULL CHECK (orders_last_hour >= 0)
    );
    CREATE INDEX substation_signals_by_station ON substation_signals(substation_id, at);
    CREATE TABLE import_batches (
        id INTEGER PRIMARY KEY,
        product_id INTEGER NOT NULL REFERENCES products(id),
        file_name TEXT NOT NULL,
        content_digest TEXT NOT NULL,
        imported_by TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        accepted INTEGER NOT NULL DEFAULT 0,
        duplicate_in_file INTEGER NOT NULL DEFAULT 0,
        duplicate_in_store INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0,
        rejected INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'active' CHECK ((status = 'active' OR status = 'voided')),
        voided_at TEXT,
        voided_by TEXT
    );
    CREATE INDEX import_batches_by_digest ON import_batches(content_digest);
    CREATE TABLE orders (
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
        UNIQUE (substation_id, order_no)
    );
    CREATE UNIQUE INDEX orders_by_payment_txn ON orders(payment_txn) WHERE payment_txn IS NOT NULL;
    CREATE INDEX orders_by_created ON orders(created_at, id);
    CREATE INDEX orders_by_status ON orders(status, created_at);
    CREATE INDEX orders_by_order_no ON orders(order_no);
    CREATE INDEX orders_by_buyer ON orders(buyer, created_at);
    CREATE INDEX orders_by_ip ON orders(ip, created_at);
    CREATE INDEX orders_by_device ON orders(device, created_at);
    CREATE INDEX orders_by_product ON orders(product_id, created_at);
    CREATE TABLE card_keys (
        id INTEGER PRIMARY KEY,
        product_id INTEGER NOT NULL REFERENCES products(id),
        batch_id INTEGER NOT NULL REFERENCES import_batches(id),
        source_line INTEGER NOT NULL,
        digest BLOB NOT NULL,
        sealed BLOB NOT NULL,
        number_hint TEXT,
        expires_at TEXT,
        status TEXT NOT NULL DEFAULT 'available' CHECK ((status = 'available' OR status = 'reserved' OR status = 'sold' OR status = 'void')),
        order_id INTEGER REFERENCES orders(id),
        sold_at TEXT,
        CHECK ((status = 'sold') = (order_id IS NOT NULL))
    );
    CREATE UNIQUE INDEX card_keys_by_digest ON card_keys(digest);
    CREATE INDEX card_keys_by_stock ON card_keys(product_id, status);
    CREATE INDEX card_keys_by_batch ON card_keys(batch_id);
    CREATE INDEX card_keys_by_order ON card_keys(order_id) WHERE order_id IS NOT NULL;
    CREATE INDEX card_keys_by_expiry ON card_keys(expires_at) WHERE expires_at IS NOT NULL;
    CREATE TABLE reusable_deliveries (
        order_id INTEGER NOT NULL REFERENCES orders(id),
        card_key_id INTEGER NOT NULL REFERENCES card_keys(id),
        PRIMARY KEY (order_id, card_key_id)
    ) WITHOUT ROWID;
    """

    /// The order status machine of `OrderStatus.successors`, enforced again in SQL so that no
    /// statement, however written, can make an illegal transition.
    static let v1OrderMachine = """
    CREATE TRIGGER orders_status_machine BEFORE UPDATE OF status ON orders
    WHEN NEW.status <> OLD.status AND NOT (
           (OLD.status = 'pending' AND (NEW.status = 'paid' OR NEW.status = 'flagged' OR NEW.status = 'cancelled'))
        OR (OLD.status = 'paid' AND (NEW.status = 'delivered' OR NEW.status = 'awaiting_stock' OR NEW.status = 'flagged' OR NEW.status = 'refunded'))
        OR (OLD.status = 'flagged' AND (NEW.status = 'paid' OR NEW.status = 'pending' OR NEW.status = 'refunded' OR NEW.status = 'cancelled'))
        OR (OLD.status = 'awaiting_stock' AND (NEW.status = 'delivered' OR NEW.status = 'refunded'))
        OR (OLD.status = 'delivered' AND (NEW.status = 'refunded'))
    )
    BEGIN
        SELECT RAISE(ABORT, 'illegal order status transition');
    END;
    CREATE TRIGGER card_keys_never_resold BEFORE UPDATE OF order_id ON card_keys
    WHEN OLD.order_id IS NOT NULL AND NEW.order_id IS NOT OLD.order_id
    BEGIN
        SELECT RAISE(ABORT, 'a sold card key cannot move to another order');
    END;
    """

    static let v1Audit = """
    CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT NOT NULL,
        detail TEXT NOT NULL DEFAULT '',
        prev_mac TEXT NOT NULL,
        mac TEXT NOT NULL
    );
    CREATE INDEX audit_log_by_target ON audit_log(target);
    CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
    BEGIN
        SELECT RAISE(ABORT, 'audit_log is append-only');
    END;
    CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
    BEGIN
        SELECT RAISE(ABORT, 'audit_log is append-only');
    END;
    """
}
