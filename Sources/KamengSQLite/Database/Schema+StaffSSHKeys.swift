import GRDB

extension Schema {
    /// SSH public keys bound to staff: the managed block of the service account's authorized_keys is
    /// written from this table. A key (its blob) belongs to at most one person. `row_mac` makes it a
    /// power row (PowerRows.swift): a key inserted or moved in SQL is refused when the block is written.
    static func registerStaffSSHKeys(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v15 staff ssh keys") { db in
            try db.execute(sql: """
                CREATE TABLE staff_ssh_keys (
                    id INTEGER PRIMARY KEY,
                    staff_id INTEGER NOT NULL REFERENCES staff(id),
                    key_type TEXT NOT NULL,
                    key_base64 TEXT NOT NULL UNIQUE,
                    comment TEXT NOT NULL DEFAULT '',
                    fingerprint TEXT NOT NULL UNIQUE,
                    added_at TEXT NOT NULL,
                    row_mac TEXT
                );
                CREATE INDEX staff_ssh_keys_by_staff ON staff_ssh_keys(staff_id);
                """)
        }
    }
}
