import GRDB

extension Schema {
    /// v21 (issue 18): the money. A double-entry ledger (accounts, entries, postings; Docs/Money.md),
    /// append-only like the audit log; the funds switch and credit limit per substation; the daily
    /// figures the Reports pane reads; the `awaiting_funds` order status; and the finance role.
    ///
    /// - `ledger_accounts.balance_fen` is the running sum of the account's postings, kept in the
    ///   transaction that posts (the funds check reads it); `kameng ledger verify` recomputes it.
    /// - `ledger_postings` is keyed by (account, entry): one B-tree write per posting, and a statement
    ///   reads one account's postings in entry order. An entry posts at most once to an account.
    /// - `ledger_entries` allows one charge and one refund per order, and one top-up per (substation,
    ///   reference) and one settlement per (substation, period), by unique indexes: a retry, a second
    ///   process or a bank transfer booked twice is refused by the database itself.
    /// - `ledger_daily` holds per UTC+8 day, substation and product what the charges and refunds moved,
    ///   so a report of 30 days reads a few thousand rows instead of every posting.
    /// - `ledger_meta.started_at`: orders delivered before it (before the upgrade) were never charged,
    ///   and verify and reconciliation do not expect a charge for them.
    /// - Substations that exist now keep delivering without funds (`funds_required` 0, the default);
    ///   every substation opened from now on is opened with it on.
    /// - `orders` and `staff` are rebuilt (SQLite's documented procedure, as v8 did) because their
    ///   CHECK constraints name every status and role; their indexes are put back as they were.
    static func registerLedger(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v21 ledger") { db in
            try rebuild(db, table: "orders", replacing: "OR status = 'awaiting_stock'",
                        with: "OR status = 'awaiting_stock' OR status = 'awaiting_funds'", dropTriggers: ["orders_status_machine"])
            try db.execute(sql: v21OrderMachine)
            try rebuild(db, table: "staff", replacing: "OR role = 'oncall'", with: "OR role = 'oncall' OR role = 'finance'", dropTriggers: [])
            try db.execute(sql: v21Ledger)
        }
    }

    /// Rebuilds `table` with its CREATE statement edited, keeping rows, indexes and the triggers not in
    /// `dropTriggers` (those the caller writes anew).
    private static func rebuild(_ db: Database, table: String, replacing old: String, with new: String, dropTriggers: Set<String>) throws {
        guard let create = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", arguments: [table]),
              create.contains(old) else {
            throw DatabaseError(message: "v21: \(table)'s schema is not the one this migration rebuilds")
        }
        let indexes = try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", arguments: [table])
        let triggers = try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", arguments: [table])
            .filter { !dropTriggers.contains($0["name"]) }.map { $0["sql"] as String }
        // table_info leaves out generated columns, which cannot be inserted into.
        let columns = try Row.fetchAll(db, sql: "SELECT name FROM pragma_table_info(?)", arguments: [table]).map { "\"\($0["name"] as String)\"" }
        let newName = "\(table)_v21"
        guard let open = create.firstIndex(of: "(") else { throw DatabaseError(message: "v21: unreadable schema of \(table)") }
        let body = String(create[open...]).replacingOccurrences(of: old, with: new)
        let list = columns.joined(separator: ", ")
        try db.execute(sql: "CREATE TABLE \(newName) \(body)")
        try db.execute(sql: "INSERT INTO \(newName) (\(list)) SELECT \(list) FROM \(table) ORDER BY rowid")
        try db.execute(sql: "DROP TABLE \(table)")
        try db.execute(sql: "ALTER TABLE \(newName) RENAME TO \(table)")
        for index in indexes { try db.execute(sql: index) }
        for trigger in triggers { try db.execute(sql: trigger) }
    }

    /// `OrderStatus.successors` with `awaiting_funds`, enforced in SQL as v1 did.
    static let v21OrderMachine = """
    CREATE TRIGGER orders_status_machine BEFORE UPDATE OF status ON orders
    WHEN NEW.status <> OLD.status AND NOT (
           (OLD.status = 'pending' AND (NEW.status = 'paid' OR NEW.status = 'flagged' OR NEW.status = 'cancelled'))
        OR (OLD.status = 'paid' AND (NEW.status = 'delivered' OR NEW.status = 'awaiting_stock' OR NEW.status = 'awaiting_funds' OR NEW.status = 'flagged' OR NEW.status = 'refunded'))
        OR (OLD.status = 'flagged' AND (NEW.status = 'paid' OR NEW.status = 'pending' OR NEW.status = 'refunded' OR NEW.status = 'cancelled'))
        OR (OLD.status = 'awaiting_stock' AND (NEW.status = 'delivered' OR NEW.status = 'refunded' OR NEW.status = 'awaiting_funds'))
        OR (OLD.status = 'awaiting_funds' AND (NEW.status = 'delivered' OR NEW.status = 'refunded' OR NEW.status = 'awaiting_stock'))
        OR (OLD.status = 'delivered' AND (NEW.status = 'refunded'))
    )
    BEGIN
        SELECT RAISE(ABORT, 'illegal order status transition');
    END;
    """

    static let v21Ledger = """
    ALTER TABLE substations ADD COLUMN funds_required INTEGER NOT NULL DEFAULT 0 CHECK (funds_required = 0 OR funds_required = 1);
    ALTER TABLE substations ADD COLUMN credit_limit_fen INTEGER NOT NULL DEFAULT 0 CHECK (credit_limit_fen >= 0);
    CREATE TABLE ledger_meta (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        started_at TEXT NOT NULL
    );
    INSERT INTO ledger_meta (id, started_at) VALUES (1, strftime('%Y-%m-%d %H:%M:%f', 'now'));
    CREATE TABLE ledger_accounts (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK ((kind = 'prepaid' OR kind = 'commission_payable' OR kind = 'platform_revenue'
            OR kind = 'cost_of_goods' OR kind = 'inventory' OR kind = 'topups_received' OR kind = 'commission_paid')),
        substation_id INTEGER REFERENCES substations(id),
        balance_fen INTEGER NOT NULL DEFAULT 0,
        CHECK ((kind = 'prepaid' OR kind = 'commission_payable') = (substation_id IS NOT NULL))
    );
    CREATE UNIQUE INDEX ledger_accounts_of_substation ON ledger_accounts(substation_id, kind) WHERE substation_id IS NOT NULL;
    CREATE UNIQUE INDEX ledger_accounts_of_platform ON ledger_accounts(kind) WHERE substation_id IS NULL;
    INSERT INTO ledger_accounts (kind) VALUES ('platform_revenue'), ('cost_of_goods'), ('inventory'), ('topups_received'), ('commission_paid');
    INSERT INTO ledger_accounts (kind, substation_id) SELECT 'prepaid', id FROM substations ORDER BY id;
    INSERT INTO ledger_accounts (kind, substation_id) SELECT 'commission_payable', id FROM substations ORDER BY id;
    CREATE TABLE ledger_entries (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        kind TEXT NOT NULL CHECK ((kind = 'charge' OR kind = 'refund' OR kind = 'topup' OR kind = 'settlement')),
        substation_id INTEGER NOT NULL REFERENCES substations(id),
        order_id INTEGER REFERENCES orders(id),
        reference TEXT,
        actor TEXT NOT NULL,
        CHECK ((kind = 'charge' OR kind = 'refund') = (order_id IS NOT NULL)),
        CHECK ((kind = 'topup' OR kind = 'settlement') = (reference IS NOT NULL))
    );
    CREATE UNIQUE INDEX ledger_entries_once_per_order ON ledger_entries(order_id, kind) WHERE order_id IS NOT NULL;
    CREATE UNIQUE INDEX ledger_entries_by_reference ON ledger_entries(substation_id, kind, reference) WHERE reference IS NOT NULL;
    CREATE INDEX ledger_entries_by_time ON ledger_entries(at);
    CREATE TABLE ledger_postings (
        account_id INTEGER NOT NULL REFERENCES ledger_accounts(id),
        entry_id INTEGER NOT NULL REFERENCES ledger_entries(id),
        amount_fen INTEGER NOT NULL,
        PRIMARY KEY (account_id, entry_id)
    ) WITHOUT ROWID;
    CREATE TABLE ledger_daily (
        day TEXT NOT NULL,
        substation_id INTEGER NOT NULL REFERENCES substations(id),
        product_id INTEGER NOT NULL REFERENCES products(id),
        orders INTEGER NOT NULL DEFAULT 0,
        units INTEGER NOT NULL DEFAULT 0,
        gross_fen INTEGER NOT NULL DEFAULT 0,
        charge_fen INTEGER NOT NULL DEFAULT 0,
        override_fen INTEGER NOT NULL DEFAULT 0,
        cost_fen INTEGER NOT NULL DEFAULT 0,
        refunds INTEGER NOT NULL DEFAULT 0,
        refund_charge_fen INTEGER NOT NULL DEFAULT 0,
        refund_override_fen INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (day, substation_id, product_id)
    ) WITHOUT ROWID;
    CREATE TRIGGER ledger_entries_append_only_update BEFORE UPDATE ON ledger_entries
    BEGIN
        SELECT RAISE(ABORT, 'ledger_entries is append-only');
    END;
    CREATE TRIGGER ledger_entries_append_only_delete BEFORE DELETE ON ledger_entries
    BEGIN
        SELECT RAISE(ABORT, 'ledger_entries is append-only');
    END;
    CREATE TRIGGER ledger_postings_append_only_update BEFORE UPDATE ON ledger_postings
    BEGIN
        SELECT RAISE(ABORT, 'ledger_postings is append-only');
    END;
    CREATE TRIGGER ledger_postings_append_only_delete BEFORE DELETE ON ledger_postings
    BEGIN
        SELECT RAISE(ABORT, 'ledger_postings is append-only');
    END;
    """
}
