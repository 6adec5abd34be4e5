import GRDB

extension Schema {
    /// v17 (issue 16): each card key's seal version. Version 1 bound a blob to its digest only; version
    /// 2 binds it to its id, product and batch too (`SealedCardKey.contextV2`). Existing rows stay 1
    /// until the open path re-seals them (`resealCardKeys`), found through the partial index, which is
    /// empty once that has finished and costs new keys (always 2) nothing.
    static func registerCardKeySealV2(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v17 card key seal v2") { db in
            try db.execute(sql: """
                ALTER TABLE card_keys ADD COLUMN seal_version INTEGER NOT NULL DEFAULT 1 CHECK (seal_version = 1 OR seal_version = 2);
                CREATE INDEX card_keys_to_reseal ON card_keys(id) WHERE seal_version = 1;
                """)
        }
    }
}
