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

/// A key sealed for the store and ready to insert. A file import computes these on a helper thread
/// while the writer inserts the previous ones (see `ImportPipe`).
struct SealedKeyRow: Sendable {
    var digest: Data
    var sealed: Data
    var sourceLine: Int
    var numberHint: String?
    var expiresAt: String?
}

/// Digests and seals keys exactly as `Vault.digest(ofSecret:)` and `Vault.seal` do, reusing its
/// buffers: the hot path of an import allocates only the two blobs it stores. One per thread.
struct KeySealer {
    let vault: Vault
    /// `SealedCardKey.context(digest:)`, kept with room for the digest and rewritten per key.
    private var context: [UInt8]
    private let prefixCount: Int
    private var plaintext: [UInt8] = []

    init(vault: Vault) {
        self.vault = vault
        context = Array(SealedCardKey.context(digest: Data()))
        prefixCount = context.count
        context.reserveCapacity(prefixCount + 32)
        plaintext.reserveCapacity(512)
    }

    mutating func seal(number: String?, secret: String, expiresAt: Date?, sourceLine: Int) throws -> SealedKeyRow {
        // SealedCardKey.plaintext: number NUL secret.
        plaintext.removeAll(keepingCapacity: true)
        if let number { plaintext.append(contentsOf: number.utf8) }
        plaintext.append(0)
        let secretStart = plaintext.count
        plaintext.append(contentsOf: secret.utf8)
        let key = vault.digestKey
        let mac = plaintext.withUnsafeBytes { raw in
            HMAC<SHA256>.authenticationCode(for: UnsafeRawBufferPointer(rebasing: raw[secretStart...]), using: key)
        }
        let digest = Data(mac)
        context.removeSubrange(prefixCount...)
        context.append(contentsOf: mac)
        let sealed = try AES.GCM.seal(plaintext, using: vault.sealingKey, authenticating: context).combined!
        return SealedKeyRow(digest: digest, sealed: sealed, sourceLine: sourceLine,
                            numberHint: number.map(KamengStore.numberHint), expiresAt: expiresAt.map(StoreTime.string))
    }
}

/// Receives one import's records inside its transaction: keys are sealed and inserted as they come,
/// so memory stays flat; rejected and skipped lines are counted by number.
public final class ImportSink {
    /// Keys buffered before insertion. Inserting a chunk in digest order turns the unique index's
    /// random writes into one forward sweep (the index outgrows any sane page cache at a few
    /// million keys); explicit ids keep the table in file order, which delivery's FIFO relies on.
    static let defaultChunkSize = 32_768

    let db: Database
    let batchId: Int64
    let productId: Int64
    let insert: Statement
    let existing: Statement
    let isCancelled: () -> Bool
    var sealer: KeySealer
    var outcome: ImportOutcome
    var seen = 0
    /// The id the next key gets (ids follow file order; a duplicate leaves a gap).
    var nextId: Int64
    var pending: [(id: Int64, row: SealedKeyRow)] = []
    /// Settable so that tests can cross many chunk boundaries with a small batch.
    var chunkSize = ImportSink.defaultChunkSize

    init(vault: Vault, db: Database, batchId: Int64, productId: Int64, dryRun: Bool, isCancelled: @escaping () -> Bool) throws {
        self.db = db
        self.batchId = batchId
        self.productId = productId
        self.isCancelled = isCancelled
        sealer = KeySealer(vault: vault)
        outcome = ImportOutcome(dryRun: dryRun)
        insert = try db.makeStatement(sql: """
            INSERT INTO card_keys (id, product_id, batch_id, source_line, digest, sealed, number_hint, expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (digest) DO NOTHING
            """)
        existing = try db.makeStatement(sql: "SELECT batch_id, source_line FROM card_keys WHERE digest = ?")
        nextId = try (Int64.fetchOne(db, sql: "SELECT max(id) FROM card_keys") ?? 0) + 1
    }

    /// Seals and inserts one key; a duplicate (in this file or anywhere in the store) is counted, not inserted.
    public func add(_ key: CardKeyPlaintext) throws {
        try insert(sealer.seal(number: key.number, secret: key.secret, expiresAt: key.expiresAt, sourceLine: key.sourceLine))
    }

    /// Inserts one key sealed elsewhere (the pipelined file import); same accounting as `add`.
    func insert(_ row: SealedKeyRow) throws {
        seen += 1
        if seen & 1023 == 0, isCancelled() { throw CancellationError() }
        pending.append((nextId, row))
        nextId += 1
        if pending.count >= chunkSize { try flush() }
    }

    /// Inserts the buffered keys in digest order. Equal digests stay in file order (the sort key ends
    /// with the id), so the first occurrence is the one inserted and a repeat finds it, exactly as
    /// inserting in file order would: the counts and line pairs do not depend on the chunking.
    func flush() throws {
        guard !pending.isEmpty else { return }
        var order = pending.indices.map { k -> (UInt64, Int) in
            (pending[k].row.digest.withUnsafeBytes { UInt64(bigEndian: $0.loadUnaligned(as: UInt64.self)) }, k)
        }
        order.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        for (_, k) in order {
            let (id, row) = pending[k]
            try insert.execute(arguments: [id, productId, batchId, row.sourceLine, row.digest, row.sealed, row.numberHint, row.expiresAt])
            if db.changesCount == 1 {
                outcome.accepted += 1
            } else if let first = try Row.fetchOne(existing, arguments: [row.digest]) {
                let sameBatch = (first[0] as Int64) == batchId
                if sameBatch { outcome.duplicateInFile += 1 } else { outcome.duplicateInStore += 1 }
                outcome.duplicates.append(DuplicateLine(line: row.sourceLine, firstLine: sameBatch ? first[1] : nil, inStore: !sameBatch))
            }
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// Inserts what is still buffered and puts the duplicates back in line order.
    func finish() throws {
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
            try db.inTransaction(.immediate) {
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
                    UPDATE import_batches SET accepted = ?, duplicate_in_file = ?, duplicate_in_store = ?, skipped = ?, rejected = ? WHERE id = ?
                    """, arguments: [o.accepted, o.duplicateInFile, o.duplicateInStore, o.skipped, o.rejected.count, batchId])
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
