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

extension KamengStore {
    /// Imports keys for one product as one batch, all-or-nothing: every key is sealed and inserted in a single
    /// transaction, so a crash, a full disk or a cancellation leaves no part of the batch behind.
    /// `keys` is pulled lazily, so memory stays flat however long the file.
    public func importKeys<S: Sequence<CardKeyPlaintext>>(
        _ keys: S, productSKU: String, source: ImportSource, by actor: Staff, dryRun: Bool = false,
        skipped: Int = 0, rejected: [LineProblem] = [], now: Date = Date(),
        isCancelled: @escaping @Sendable () -> Bool = { false }
    ) throws -> ImportOutcome {
        try require(actor, .importKeys)
        let product = try self.product(sku: productSKU)
        var outcome = ImportOutcome(skipped: skipped, rejected: rejected, dryRun: dryRun)
        let work: (Database) throws -> Void = { db in
            let time = StoreTime.string(now)
            try db.execute(sql: """
                INSERT INTO import_batches (product_id, file_name, content_digest, imported_by, imported_at) VALUES (?, ?, ?, ?, ?)
                """, arguments: [product.id, source.fileName, source.contentDigest, actor.userName, time])
            let batchId = db.lastInsertedRowID
            let insert = try db.makeStatement(sql: """
                INSERT INTO card_keys (product_id, batch_id, source_line, digest, sealed, number_hint, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (digest) DO NOTHING
                """)
            let existing = try db.makeStatement(sql: "SELECT batch_id, source_line FROM card_keys WHERE digest = ?")
            var count = 0
            for key in keys {
                count += 1
                if count & 1023 == 0, isCancelled() { throw CancellationError() }
                let digest = self.vault.digest(ofSecret: Data(key.secret.utf8))
                let sealed = try self.vault.seal(SealedCardKey.plaintext(number: key.number, secret: key.secret),
                                            context: SealedCardKey.context(digest: digest))
                try insert.execute(arguments: [product.id, batchId, key.sourceLine, digest, sealed,
                                               key.number.map(Self.numberHint), key.expiresAt.map(StoreTime.string)])
                if db.changesCount == 1 {
                    outcome.accepted += 1
                } else if let row = try Row.fetchOne(existing, arguments: [digest]) {
                    let sameBatch = (row["batch_id"] as Int64) == batchId
                    if sameBatch { outcome.duplicateInFile += 1 } else { outcome.duplicateInStore += 1 }
                    outcome.duplicates.append(DuplicateLine(line: key.sourceLine, firstLine: sameBatch ? row["source_line"] : nil, inStore: !sameBatch))
                }
            }
            try db.execute(sql: """
                UPDATE import_batches SET accepted = ?, duplicate_in_file = ?, duplicate_in_store = ?, skipped = ?, rejected = ? WHERE id = ?
                """, arguments: [outcome.accepted, outcome.duplicateInFile, outcome.duplicateInStore, skipped, rejected.count, batchId])
            try self.appendAudit(db, actor: actor.userName, action: "batch.import", target: "batch:\(batchId)",
                            detail: "\(product.sku) \(source.fileName) accepted \(outcome.accepted) dupFile \(outcome.duplicateInFile) dupStore \(outcome.duplicateInStore) rejected \(rejected.count)",
                            at: now)
            outcome.batch = dryRun ? nil : batchId
        }
        if dryRun {
            // A dry run is the real import rolled back: the counts are exactly what a real run would give.
            try pool.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    try work(db)
                    return .rollback
                }
            }
        } else {
            try pool.write(work)
        }
        return outcome
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
