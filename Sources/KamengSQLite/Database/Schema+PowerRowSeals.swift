import GRDB

extension Schema {
    /// v16 (issue 16): a MAC column on each table whose rows grant power (`PowerRowTable`). Computing the
    /// MACs needs the vault, which migrations do not have: the open path fills them right after migrating
    /// (`completeVaultUpgrades`) and records it, after which a NULL is tampering.
    static func registerPowerRowSeals(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v16 power row seals") { db in
            try db.execute(sql: """
                ALTER TABLE staff ADD COLUMN row_mac TEXT;
                ALTER TABLE staff_totp ADD COLUMN row_mac TEXT;
                ALTER TABLE security_settings ADD COLUMN row_mac TEXT;
                """)
        }
    }
}
