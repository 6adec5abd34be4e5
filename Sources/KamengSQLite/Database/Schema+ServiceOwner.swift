import GRDB

extension Schema {
    /// v14: which staff member is the service's owner: the one local runs (not through `kameng
    /// ssh-session`) act as, whatever OS account runs them. One row, pointing at a staff row, so the
    /// staff table keeps its shape and a name change of the owner is not needed to move ownership.
    ///
    /// A database made before this has no owner marked: its first active admin (lowest id, which is
    /// the one `kameng init` created unless that one was disabled) becomes the owner (Docs/Decisions.md).
    static func registerServiceOwner(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v14 service owner") { db in
            try db.execute(sql: v14ServiceOwner)
        }
    }

    static let v14ServiceOwner = """
    CREATE TABLE service_owner (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        staff_id INTEGER NOT NULL REFERENCES staff(id)
    );
    INSERT INTO service_owner (id, staff_id)
        SELECT 1, id FROM staff WHERE role = 'admin' AND active = 1 ORDER BY id LIMIT 1;
    """
}
