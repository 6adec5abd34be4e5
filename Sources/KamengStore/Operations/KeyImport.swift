@preconcurrency import Crypto
import Foundation
import GRDB
import KamengDomain

/// What one import did, line by line accounted for. Encodes to the documented `--json` object.
public struct ImportOutcome: Hashable, Sendable, Codable {
    public var batch: Int64?
    public var accepted: Int
    public var duplicateInFile: Int
    public var duplicateInStore: Int
    public var skipped: Int
    public var rejected: [LineProblem]
    public var duplicates: [DuplicateLine]
    public var dryRun: Bool

    public init(batch: Int64? = nil, accepted: Int = 0, duplicateInFile: Int = 0, duplicateInStore: Int = 0, skipped: Int = 0,
                rejected: [LineProblem] = [], duplicates: [DuplicateLine] = [], dryRun: Bool = false) {
        self.batch = batch
        self.accepted = accepted
        self.duplicateInFile = duplicateInFile
        self.duplicateInStore = duplicateInStore
        self.skipped = skipped
        self.rejected = rejected
        self.duplicates = duplicates
        self.dryRun = dryRun
    }
}

/// A line the importer did not accept, by number and reason.
public struct LineProblem: Hashable, Sendable, Codable {
    public var line: Int
    public var reason: String
    public init(line: Int, reason: String) { self.line = line; self.reason = reason }
}

/// A duplicate: `line` repeats `firstLine` of this file, or a key already in the store (firstLine nil).
public struct DuplicateLine: Hashable, Sendable, Codable {
    public var line: Int
    public var firstLine: Int?
    public var inStore: Bool
}

/// Where an import's keys come from and what it is called in the batch list.
public struct ImportSource: Sendable {
    public var fileName: String
    public var contentDigest: String
    public init(fileName: String, contentDigest: String) { self.fileName = fileName; self.contentDigest = contentDigest }
}

/// Receives one import's records inside its transaction: keys are sealed and inserted as they come,
/// so memory stays flat; rejected and skipped lines are counted by number.
public final class ImportSink {
    /// Keys buffered before insertion. Inserting a chunk in digest order turns the unique index's
    /// random writes into one forward sweep (the index outgrows any sane page cache at a few
    /// million keys); explicit ids keep the table in file order, which delivery's FIFO relies on.
    static let defaultChunkSize = 32_768
    /// Keys sealed by `add` before they join the chunk as one `SealedKeys` buffer.
    static let addBatchSize = 2_048

    let db: Database
    let batchId: Int64
    let statements: KeyInsertStatements
    let isCancelled: () -> Bool
    var sealer: KeySealer
    var outcome: ImportOutcome
    var seen = 0
    /// The id the next key gets (ids follow file order; a duplicate leaves a gap).
    var nextId: Int64
    /// The chunk: buffers in file order, `pendingCount` keys in all, the first with id `pendingFirstId`.
    var pending: [SealedKeys] = []
    var pendingCount = 0
    var pendingFirstId: Int64
    /// Where `add` seals before handing a full buffer to the chunk.
    var adding: SealedKeys?
    /// Settable so that tests can cross many chunk boundaries with a small batch.
    var chunkSize = ImportSink.defaultChunkSize

    init(vault: Vault, db: Database, batchId: Int64, productId: Int64, dryRun: Bool, isCancelled: @escaping () -> Bool) throws {
        self.db = db
        self.batchId = batchId
        self.isCancelled = isCancelled
        sealer = KeySealer(vault: vault)
        outcome = ImportOutcome(dryRun: dryRun)
        statements = try KeyInsertStatements(db, productId: productId, batchId: batchId)
        nextId = try (Int64.fetchOne(db, sql: "SELECT max(id) FROM card_keys") ?? 0) + 1
        pendingFirstId = nextId
    }

    deinit { statements.clear() }

    /// Seals and inserts one key; a duplicate (in this file or anywhere in the store) is counted, not inserted.
    public func add(_ key: CardKeyPlaintext) throws {
        seen += 1
        if seen & 1023 == 0, isCancelled() { throw CancellationError() }
        let buffer = adding ?? SealedKeys(keys: Self.addBatchSize)
        adding = buffer
        try sealer.seal(number: key.number, secret: key.secret, expiresAt: key.expiresAt, sourceLine: key.sourceLine, into: buffer)
        if buffer.count >= min(Self.addBatchSize, chunkSize) { try takeAdding() }
    }

    private func takeAdding() throws {
        guard let buffer = adding else { return }
        adding = nil
        try insert(buffer)
    }

    /// Takes keys sealed elsewhere (the pipelined file import) into the chunk; same accounting as `add`.
    func insert(_ keys: SealedKeys) throws {
        guard keys.count > 0 else { return }
        pending.append(keys)
        pendingCount += keys.count
        nextId += Int64(keys.count)
        if pendingCount >= chunkSize { try flush() }
    }

    /// Inserts the buffered keys in digest order. Equal digests stay in file order (the sort key ends
    /// with the position in the file), so the first occurrence is the one inserted and a repeat finds
    /// it, exactly as inserting in file order would: the counts and line pairs do not depend on the chunking.
    func flush() throws {
        guard pendingCount > 0 else { return }
        // (digest prefix, position in the chunk, buffer): 16 bytes a key, sorted without touching the buffers again.
        var order: [(prefix: UInt64, position: UInt32, buffer: UInt32)] = []
        order.reserveCapacity(pendingCount)
        var starts: [Int] = []
        starts.reserveCapacity(pending.count)
        var position = 0
        for (b, keys) in pending.enumerated() {
            starts.append(position)
            for k in 0..<keys.count { order.append((keys.digestPrefix(k), UInt32(position + k), UInt32(b))) }
            position += keys.count
        }
        order.sort { $0.prefix != $1.prefix ? $0.prefix < $1.prefix : $0.position < $1.position }
        for entry in order {
            let b = Int(entry.buffer), keys = pending[b], k = Int(entry.position) - starts[b]
            let id = pendingFirstId + Int64(entry.position)
            if try statements.insert(db, id: id, keys, k) {
                outcome.accepted += 1
                lowestId = min(lowestId ?? id, id)
                highestId = max(highestId ?? id, id)
            } else if let first = try statements.firstOccurrence(db, digest: keys.digest(k)) {
                let line = keys.slots[k].sourceLine
                let sameBatch = first.batchId == batchId
                if sameBatch { outcome.duplicateInFile += 1 } else { outcome.duplicateInStore += 1 }
                outcome.duplicates.append(DuplicateLine(line: line, firstLine: sameBatch ? first.sourceLine : nil, inStore: !sameBatch))
            }
        }
        statements.clear()
        pending.removeAll(keepingCapacity: true)
        pendingCount = 0
        pendingFirstId = nextId
    }

    /// The ids of this batch's keys: from the lowest to the highest it inserted (a duplicate leaves a
    /// gap inside), nil when it inserted none. Every later batch starts above the highest id in the
    /// store, so no other batch's key can fall inside.
    var keyIds: ClosedRange<Int64>? {
        guard let lowestId, let highestId else { return nil }
        return lowestId...highestId
    }
    private var lowestId: Int64?
    private var highestId: Int64?

    /// Inserts what is still buffered and puts the duplicates back in line order.
    func finish() throws {
        try takeAdding()
        try flush()
        outcome.duplicates.sort { $0.line < $1.line }
    }

    public func reject(line: Int, reason: String) { outcome.rejected.append(LineProblem(line: line, reason: reason)) }
    public func skip(line: Int) { outcome.skipped += 1 }
}

extension KamengStore {
    /// Imports one batch for one product, all-or-nothing: `feed` pushes records into the sink inside a
    /// single write transaction, so a crash, a full disk or a cancellation leaves no part of the batch.
    /// A dry run is the same work rolled back, so its counts are exactly what a real run would give.
    public func importBatch(productSKU: String, source: ImportSource, by actor: Staff, dryRun: Bool = false, now: Date = Date(),
                            isCancelled: @escaping () -> Bool = { false }, feed: (ImportSink) throws -> Void) throws -> ImportOutcome {
        try require(actor, .importKeys)
        let product = try self.product(sku: productSKU)
        var result = ImportOutcome(dryRun: dryRun)
        try pool.writeWithoutTransaction { db in
            // A bigger page cache while the sweeps run (peak RSS stays near 120 MB), then back to the default.
            try db.execute(sql: "PRAGMA cache_size = -65536")
            defer { try? db.execute(sql: "PRAGMA cache_size = -32768") }
            // Foreign keys are off for the import's own transaction: every key row references the product
            // checked just below and the batch row inserted there (order_id is NULL), and the two parent
            // lookups per key measured as 13% of the writer's time (Docs/Decisions.md). The pragma can
            // only change outside a transaction, and is per connection: it never outlives this call.
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
            try db.inTransaction(.immediate) {
                guard try Bool.fetchOne(db, sql: "SELECT count(*) > 0 FROM products WHERE id = ?", arguments: [product.id]) == true else {
                    throw StoreError.notFound("product \(productSKU)")
                }
                let time = StoreTime.string(now)
                try db.execute(sql: """
                    INSERT INTO import_batches (product_id, file_name, content_digest, imported_by, imported_at) VALUES (?, ?, ?, ?, ?)
                    """, arguments: [product.id, source.fileName, source.contentDigest, actor.userName, time])
                let batchId = db.lastInsertedRowID
                let sink = try ImportSink(vault: vault, db: db, batchId: batchId, productId: product.id!, dryRun: dryRun, isCancelled: isCancelled)
                try feed(sink)
                try sink.finish()
                let o = sink.outcome
                try db.execute(sql: """
                    UPDATE import_batches SET accepted = ?, duplicate_in_file = ?, duplicate_in_store = ?, skipped = ?, rejected = ?,
                        first_key_id = ?, last_key_id = ? WHERE id = ?
                    """, arguments: [o.accepted, o.duplicateInFile, o.duplicateInStore, o.skipped, o.rejected.count,
                                     sink.keyIds?.lowerBound, sink.keyIds?.upperBound, batchId])
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
    public func importKeys<S: Sequence<CardKeyPlaintext>>(
        _ keys: S, productSKU: String, source: ImportSource, by actor: Staff, dryRun: Bool = false, now: Date = Date()
    ) throws -> ImportOutcome {
        try importBatch(productSKU: productSKU, source: source, by: actor, dryRun: dryRun, now: now) { sink in
            for key in keys { try sink.add(key) }
        }
    }

    /// Whether a file with this content digest was imported before (and not voided): the caller warns.
    public func batchesWithDigest(_ digest: String) throws -> [Int64] {
        try pool.read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM import_batches WHERE content_digest = ? AND status = 'active'", arguments: [digest])
        }
    }

    /// The last four characters of a card number: enough for a person to match a complaint, too little to use.
    static func numberHint(_ number: String) -> String {
        String(number.suffix(4))
    }

    /// Opens one key's secret. Internal: only the audited reveal (and tests through it) may call this.
    func openSecret(keyId: Int64) throws -> (number: String?, secret: String) {
        let row = try pool.read { db in try Row.fetchOne(db, sql: "SELECT digest, sealed FROM card_keys WHERE id = ?", arguments: [keyId]) }
        guard let row else { throw StoreError.notFound("card key #\(keyId)") }
        let plain = try vault.open(row["sealed"], context: SealedCardKey.context(digest: row["digest"]))
        return SealedCardKey.split(plain)
    }
}
