import GRDB

extension Schema {
    /// Issue #6: step-up authentication, its throttling, security settings, and an index for the
    /// per-person reveal limit. A new migration: v1 has shipped and is never edited.
    static func registerSecurity(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4 security") { db in
            try db.execute(sql: v4Security)
        }
    }

    static let v4Security = """
    CREATE TABLE staff_totp (
        staff_id INTEGER PRIMARY KEY REFERENCES staff(id),
        secret_sealed BLOB NOT NULL,
        last_step INTEGER,
        enrolled_at TEXT NOT NULL,
        last_success_at TEXT
    );
    CREATE TABLE step_up_failures (
        id INTEGER PRIMARY KEY,
        staff_id INTEGER NOT NULL REFERENCES staff(id),
        at TEXT NOT NULL
    );
    CREATE INDEX step_up_failures_by_staff ON step_up_failures(staff_id, at);
    CREATE TABLE security_settings (
        key TEXT PRIMARY KEY,
        value INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX audit_log_by_actor_action ON audit_log(actor, action, at);
    """
}
