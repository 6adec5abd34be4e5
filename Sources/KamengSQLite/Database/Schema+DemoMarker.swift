import GRDB

extension Schema {
    /// v19: the marker of a database `kameng demo` built. The demo replaces (`--fresh`) and changes
    /// (the published demo authenticator) only a database that carries it, never one `kameng init`
    /// made, whatever `--db` or `KAMENG_DB` names. One row at most; written by the demo right after
    /// it creates the file, before anything is seeded. Demos built before this migration are
    /// recognised by their `demo.seed` audit row and get the marker here.
    static func registerDemoMarker(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v19 demo marker") { db in
            try db.execute(sql: v19DemoMarker)
        }
    }

    static let v19DemoMarker = """
    CREATE TABLE demo_marker (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        created_at TEXT NOT NULL
    );
    INSERT INTO demo_marker (id, created_at)
        SELECT 1, at FROM audit_log WHERE action = 'demo.seed' ORDER BY id LIMIT 1;
    """
}
