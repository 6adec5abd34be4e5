import GRDB

extension Schema {
    /// Migration "v2 import indexes": `card_keys_by_batch` is replaced by each batch's id range.
    ///
    /// An import writes its keys with ids above every id in the store, in one IMMEDIATE transaction
    /// (the demo seeder too), so `import_batches.first_key_id … last_key_id` (its lowest and highest
    /// key, NULL when it has none) holds all of a batch's keys and no other batch's, and "the keys of
    /// batch B" is a rowid range scan, still filtered on `batch_id`. The index cost every imported key
    /// one more B-tree insert for queries that run once per batch list or void. The ranges of existing
    /// batches are filled from the index before it is dropped.
    static let v2ImportIndexes = """
    ALTER TABLE import_batches ADD COLUMN first_key_id INTEGER;
    ALTER TABLE import_batches ADD COLUMN last_key_id INTEGER;
    UPDATE import_batches SET
        first_key_id = (SELECT min(id) FROM card_keys WHERE batch_id = import_batches.id),
        last_key_id = (SELECT max(id) FROM card_keys WHERE batch_id = import_batches.id);
    DROP INDEX card_keys_by_batch;
    """
}
