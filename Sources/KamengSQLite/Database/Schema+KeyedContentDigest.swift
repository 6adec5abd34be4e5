import GRDB

extension Schema {
    /// v18 (issue 16): whether a batch's `content_digest` is keyed (HMAC under the vault's "import content
    /// digest" subkey over the file's SHA-256) or still the plain SHA-256 it used to be. The open path
    /// converts the plain ones (`convertContentDigests`), which needs the vault but not the files.
    static func registerKeyedContentDigest(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v18 keyed content digest") { db in
            try db.execute(sql: """
                ALTER TABLE import_batches ADD COLUMN digest_keyed INTEGER NOT NULL DEFAULT 0 CHECK (digest_keyed = 0 OR digest_keyed = 1)
                """)
        }
    }
}
