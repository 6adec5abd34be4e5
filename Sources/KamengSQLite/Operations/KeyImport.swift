@preconcurrency import Crypto
import Foundation
import GRDB
import KamengDomain
import KamengStorage
import KamengVault

/// Where an import's keys come from and what it is called in the batch list.
@_spi(Benchmark) public struct ImportSource: Sendable {
    public var fileName: String
    public var contentDigest: String
    public init(fileName: String, contentDigest: String) { self.fileName = fileName; self.contentDigest = contentDigest }
}

extension SQLiteStore {
    /// Imports one batch for one product, all-or-nothing: `feed` pushes records into the sink inside a
    /// single write transaction, so a crash, a full disk or a cancellation leaves no part of the batch.
    /// A dry run is the same work rolled back, so its counts are exactly what a real run would give.
    func importBatch(productSKU: String, source: ImportSource, by actor: Staff, dryRun: Bool = false, now: Date = Date(),
                            isCancelled: @escaping () -> Bool = { false }, feed: (ImportSink) throws -> Void) throws -> ImportOutcome {
        try require(actor, .importKeys)
        let product = try self.product(sku: productSKU)
        var result = ImportOutcome(dryRun: dryRun)
        try dbWriteWithoutTransaction { db in
            // Foreign keys are off for the import's own transaction: every key row references the product
            // checked just below and the batch row inserted there (order_id is NULL), and the two parent
            // lookups per key measured as 13% of the writer's time (Docs/Decisions.md). The pragma can
            // only change outside a transaction, and is per connection: it never outlives this call.
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
            try db.inTransaction(.immediate) {
                guard try Bool.fetchOne(db, sql: "SELECT count(*) > 0 FROM products WHERE id = ?", arguments: [product.id]) == true else {
                    throw StoreError.notFound(.product(sku: productSKU))
                }
                let time = StoreTime.string(now)
                try db.execute(sql: """
                    INSERT INTO import_batches (product_id, file_name, content_digest, digest_keyed, imported_by, imported_at)
                    VALUES (?, ?, ?, 1, ?, ?)
                    """, arguments: [product.id, source.fileName, vault.keyedContentDigest(source.contentDigest), actor.userName, time])
                let batchId = db.lastInsertedRowID
                let sink = try ImportSink(vault: vault, db: db, batchId: batchId, productId: product.id!, dryRun: dryRun, isCancelled: isCancelled)
                try feed(sink)
                try sink.finish()
                let o = sink.outcome
                try StockCounts.moveKeys(db, productId: product.id!, from: nil, to: "available", count: o.accepted)
                try db.execute(sql: """
                    UPDATE import_batches SET accepted = ?, duplicate_in_file = ?, duplicate_in_store = ?, skipped = ?, rejected = ?,
                        first_key_id = ?, last_key_id = ?, available_keys = ? WHERE id = ?
                    """, arguments: [o.accepted, o.duplicateInFile, o.duplicateInStore, o.skipped, o.rejected.count,
                                     sink.keyIds?.lowerBound, sink.keyIds?.upperBound, o.accepted, batchId])
                try appendAudit(db, actor: actor.userName, action: "batch.import", target: "batch:\(batchId)",
                                detail: "\(product.sku) \(source.fileName) accepted \(o.accepted) dupFile \(o.duplicateInFile) dupStore \(o.duplicateInStore) skipped \(o.skipped) rejected \(o.rejected.count)",
                                at: now)
                result = o
                result.batch = dryRun ? nil : batchId
                return dryRun ? .rollback : .commit
            }
        }
        return result
    }

    /// Imports an in-memory list of keys as one batch (tests, demo tooling); see `importBatch`.
    @_spi(Benchmark) public func importKeys<S: Sequence<CardKeyPlaintext>>(
        _ keys: S, productSKU: String, source: ImportSource, by actor: Staff, dryRun: Bool = false, now: Date = Date()
    ) throws -> ImportOutcome {
        try importBatch(productSKU: productSKU, source: source, by: actor, dryRun: dryRun, now: now) { sink in
            for key in keys { try sink.add(key) }
        }
    }

    /// Whether a file with this content digest (its plain SHA-256; the store compares keyed forms) was
    /// imported before (and not voided): the caller warns.
    func batchesWithDigest(_ digest: String) throws -> [Int64] {
        let keyed = vault.keyedContentDigest(digest)
        return try pool.read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM import_batches WHERE content_digest = ? AND status = 'active'", arguments: [keyed])
        }
    }

    /// The last four characters of a card number: enough for a person to match a complaint, too little to use.
    static func numberHint(_ number: String) -> String {
        String(number.suffix(4))
    }

    /// Opens one key's secret. Internal: only the audited reveal (and tests through it) may call this.
    func openSecret(keyId: Int64) throws -> (number: String?, secret: String) {
        try pool.read { db in try openSecret(db, keyId: keyId) }
    }
}
