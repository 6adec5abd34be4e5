import Foundation
import GRDB
import KamengDomain
import KamengStorage
import KamengVault

/// The one-time upgrades that need the vault, so cannot be migrations: MACs on the power rows, keyed
/// import content digests, and the card keys re-sealed to version 2. Each is recorded by an audit row
/// (target `vault`), chained like any other, so deleting the record breaks the chain; once recorded,
/// a power row without a MAC and a version-1 key are tampering.
final class VaultUpgrades: @unchecked Sendable {
    /// Who the upgrade rows of an existing database name: no person asked for them.
    static let actor = "kameng"
    static let powerRowsSealed = "vault.power_rows.sealed"
    static let resealDone = "vault.reseal.done"
    /// Keys re-sealed per transaction: a kill loses at most one batch of work, never a key.
    static let resealBatch = 1_000

    private let lock = NSLock()
    private var rowsSealed = false
    private var resealed = false

    /// Whether every power row carries a MAC (so a missing one is tampering).
    var powerRowsSealed: Bool { lock.withLock { rowsSealed } }
    /// Whether every card key is sealed v2 (so a v1 blob is tampering).
    var resealFinished: Bool { lock.withLock { resealed } }

    /// Reads the records from the audit log (by its target index).
    func load(_ store: SQLiteStore) throws {
        let actions = try store.pool.read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT action FROM audit_log WHERE target = 'vault'")
        }
        lock.withLock {
            // The re-seal runs after the power rows are sealed, and a new database records only the re-seal.
            resealed = actions.contains(Self.resealDone)
            rowsSealed = resealed || actions.contains(Self.powerRowsSealed)
        }
    }
}

extension SQLiteStore {
    /// Runs what is left of the upgrades: power-row MACs and keyed digests in one transaction, then the
    /// re-seal in batches, each its own transaction, resumable after a kill (the rows still at version 1
    /// are the progress). `maxBatches` stops early, as a kill would (the tests).
    func completeVaultUpgrades(now: Date = Date(), batchSize: Int = VaultUpgrades.resealBatch, maxBatches: Int? = nil) throws {
        try dbWrite { db in
            let converted = try convertContentDigests(db)
            let done = try Bool.fetchOne(db, sql: """
                SELECT 1 FROM audit_log WHERE target = 'vault' AND (action = ? OR action = ?) LIMIT 1
                """, arguments: [VaultUpgrades.powerRowsSealed, VaultUpgrades.resealDone]) ?? false
            guard !done else { return }
            let sealed = try backfillPowerRows(db)
            try appendAudit(db, actor: VaultUpgrades.actor, action: VaultUpgrades.powerRowsSealed, target: "vault",
                            detail: "\(sealed) power row(s) given a MAC; \(converted) content digest(s) keyed", at: now)
        }
        try resealCardKeys(now: now, batchSize: batchSize, maxBatches: maxBatches)
    }

    /// Replaces each plain SHA-256 in `import_batches.content_digest` by its keyed form, so re-imports of
    /// the same file are still recognised and a stolen database no longer confirms a guessed file.
    func convertContentDigests(_ db: Database) throws -> Int {
        let rows = try Row.fetchAll(db, sql: "SELECT id, content_digest FROM import_batches WHERE digest_keyed = 0")
        for row in rows {
            try db.execute(sql: "UPDATE import_batches SET content_digest = ?, digest_keyed = 1 WHERE id = ?",
                           arguments: [vault.keyedContentDigest(row["content_digest"]), row["id"] as Int64])
        }
        return rows.count
    }

    /// Re-seals version-1 card keys to version 2, `VaultUpgrades.resealBatch` per transaction in id order,
    /// then records that it finished. A v1 blob that does not open is left as it is (and the upgrade then
    /// never records itself finished: `audit verify` and the reveal of that key report it).
    func resealCardKeys(now: Date = Date(), batchSize: Int = VaultUpgrades.resealBatch, maxBatches: Int? = nil) throws {
        // Once recorded, never again: a v1 blob found later was copied in (from an old backup, say), and
        // re-sealing it would launder it into the row it was moved to.
        guard try !pool.read({ db in try Self.resealRecorded(db) }) else { return }
        var after: Int64 = 0
        var unopened = 0
        var batches = 0
        while true {
            if let maxBatches, batches >= maxBatches { return }
            batches += 1
            let finished: Bool = try dbWrite { db in
                let rows = try Row.fetchAll(db, sql: """
                    SELECT id, product_id, batch_id, digest, sealed FROM card_keys WHERE seal_version = 1 AND id > ? ORDER BY id LIMIT ?
                    """, arguments: [after, batchSize])
                for row in rows {
                    let id: Int64 = row["id"]
                    after = id
                    let digest: Data = row["digest"]
                    guard let plain = try? vault.open(row["sealed"], context: SealedCardKey.context(digest: digest)) else {
                        unopened += 1
                        continue
                    }
                    let context = SealedCardKey.contextV2(keyId: id, productId: row["product_id"], batchId: row["batch_id"], digest: digest)
                    try db.execute(sql: "UPDATE card_keys SET sealed = ?, seal_version = 2 WHERE id = ?",
                                   arguments: [try vault.seal(plain, context: context), id])
                }
                guard rows.isEmpty else { return false }
                if try !Self.resealRecorded(db) && unopened == 0 {
                    let resealed = try Int.fetchOne(db, sql: "SELECT count(*) FROM card_keys") ?? 0
                    try appendAudit(db, actor: VaultUpgrades.actor, action: VaultUpgrades.resealDone, target: "vault",
                                    detail: "\(resealed) card key(s) sealed to their id, product and batch (v2)", at: now)
                }
                return true
            }
            if finished { return }
        }
    }

    static func resealRecorded(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM audit_log WHERE target = 'vault' AND action = ? LIMIT 1",
                          arguments: [VaultUpgrades.resealDone]) ?? false
    }
}
