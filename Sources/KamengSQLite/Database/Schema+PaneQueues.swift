import GRDB

extension Schema {
    /// v13: the two lists a pane switch waits for, answered without counting or sorting.
    ///
    /// - `import_batches.available_keys`: how many of the batch's keys are available, kept by the store
    ///   beside `card_key_counts` (StockCounts.swift), so the batch list reads 200 rows instead of
    ///   counting each batch's available keys off the stock index (about 90 ms on the 5M demo: every
    ///   unsold key of the newest batches, after every commit).
    /// - `import_batches_by_key_range`: a sold key's batch, found by the range that holds its id.
    /// - `orders_held_in_queue_order`: the flagged orders in the risk queue's order, so the first 200
    ///   are read off the index instead of sorting every flagged order (8,142 on the 5M demo). Partial:
    ///   only flagged orders pay for it. It leads with `status`, constant in it, so that the planner,
    ///   which has no statistics, sees the same equality as in `orders_by_status` and the order besides.
    ///
    /// The counts are filled from the keys here, in the migration's transaction.
    static func registerPaneQueues(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v13 batch counts and held queue") { db in
            try db.execute(sql: v13PaneQueues)
        }
    }

    static let v13PaneQueues = """
    ALTER TABLE import_batches ADD COLUMN available_keys INTEGER NOT NULL DEFAULT 0;
    UPDATE import_batches SET available_keys = (
        SELECT count(*) FROM card_keys k
        WHERE k.product_id = import_batches.product_id AND k.status = 'available'
          AND k.id BETWEEN import_batches.first_key_id AND import_batches.last_key_id)
    WHERE first_key_id IS NOT NULL;
    CREATE INDEX import_batches_by_key_range ON import_batches(product_id, first_key_id);
    CREATE INDEX orders_held_in_queue_order ON orders(status, risk_score DESC, created_ms, id) WHERE status = 'flagged';
    """
}
