import GRDB

extension Schema {
    /// Migration "v6 digest table": a key's digest is unique through `card_key_digests`, a table of
    /// its own keyed by digest, instead of a unique index on `card_keys`.
    ///
    /// With the index on the row, one statement wrote the row and its index entry, so one order had to
    /// serve both B-trees: file order made the index writes random (one seek per key into an index
    /// that outgrows the page cache), digest order made the table writes random. Apart, an import
    /// appends its rows in file order and then adds its digests in one sorted sweep
    /// (`ImportSink`, Docs/Performance.md). The digest stays in the row as well: it is the sealed
    /// blob's associated data, read by every reveal.
    ///
    /// Every path that inserts a card key also inserts its digest here, in the same transaction: the
    /// import sink and the demo seeder are the only two.
    static func registerDigests(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6 digest table") { db in
            try db.execute(sql: """
                CREATE TABLE card_key_digests (
                    digest BLOB PRIMARY KEY,
                    key_id INTEGER NOT NULL REFERENCES card_keys(id)
                ) WITHOUT ROWID;
                INSERT INTO card_key_digests (digest, key_id) SELECT digest, id FROM card_keys ORDER BY digest;
                DROP INDEX card_keys_by_digest;
                """)
        }
    }
}
