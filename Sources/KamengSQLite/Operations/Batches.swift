import Foundation
import GRDB
import KamengDomain
import KamengStorage
import KamengVault

extension SQLiteStore {
    /// Import batches, newest first, with their counts and how many of their keys are still available
    /// (kept as the keys sell: Schema+PaneQueues.swift).
    func batches(limit: Int = 100) throws -> [(batch: ImportBatch, productSKU: String, available: Int)] {
        try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT b.*, p.sku AS product_sku FROM import_batches b JOIN products p ON p.id = b.product_id
                ORDER BY b.id DESC LIMIT ?
                """, arguments: [limit]).map { row in
                (try Self.batch(from: row), row["product_sku"], row["available_keys"])
            }
        }
    }

    /// Withdraws a batch's unsold keys (sold keys stay with their orders), with a fresh TOTP code, audited.
    /// Returns how many were voided.
    @discardableResult
    func voidBatch(id: Int64, by actor: Staff, stepUp code: String?, now: Date = Date()) throws -> Int {
        try require(actor, .voidBatch)
        try stepUp(actor, code: code, for: .voidBatch, now: now)
        return try dbWrite { db in
            guard let batch = try Row.fetchOne(db, sql: "SELECT status, product_id, first_key_id, last_key_id FROM import_batches WHERE id = ?",
                                               arguments: [id]) else {
                throw StoreError.notFound(.batch(id: id))
            }
            let status: BatchStatus = try RowDecoding.value(batch["status"], table: "import_batches", id: id, column: "status")
            guard status == .active else { throw StoreError.wrongState(.batch(id: id), state: status.rawValue, action: "voided") }
            let time = StoreTime.string(now)
            // A batch's keys lie in its id range (Schema+ImportIndexes.swift); a batch without keys has none.
            try db.execute(sql: "UPDATE card_keys SET status = 'void' WHERE id BETWEEN ? AND ? AND batch_id = ? AND status = 'available'",
                           arguments: [batch["first_key_id"], batch["last_key_id"], id])
            let voided = db.changesCount
            try StockCounts.moveKeys(db, productId: batch["product_id"], from: "available", to: "void", count: voided)
            try db.execute(sql: "UPDATE import_batches SET status = 'voided', voided_at = ?, voided_by = ?, available_keys = 0 WHERE id = ?",
                           arguments: [time, actor.userName, id])
            try appendAudit(db, actor: actor.userName, action: "batch.void", target: "batch:\(id)", detail: "\(voided) unsold key(s) withdrawn", at: now)
            return voided
        }
    }

    static func batch(from row: Row) throws(StoreError) -> ImportBatch {
        ImportBatch(id: row["id"], productId: row["product_id"], fileName: row["file_name"], contentDigest: row["content_digest"],
                    importedBy: row["imported_by"], importedAt: row["imported_at"], accepted: row["accepted"],
                    duplicateInFile: row["duplicate_in_file"], duplicateInStore: row["duplicate_in_store"], skipped: row["skipped"],
                    rejected: row["rejected"], status: try row.decode("status", table: "import_batches"), voidedAt: row["voided_at"])
    }
}
