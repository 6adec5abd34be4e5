import Foundation
import GRDB
import GRDBSQLite

/// An import's per-key statements, bound through the SQLite C API and run with `RawStatement.swift`'s
/// helpers on GRDB's prepared statements inside GRDB's transaction. Building `StatementArguments` per key cost the writer thread
/// about as much as SQLite's own insert work (Docs/Performance.md); here the product and batch are
/// bound once, and each key's blobs are bound in place (`SQLITE_STATIC`) from its `SealedKeys` buffer,
/// which outlives the step; those bindings are dropped before the buffers are freed.
final class KeyInsertStatements {
    /// Rows per multi-row insert: one statement keeps its cursors open across the group, so each row
    /// is an append at the cursor instead of a seek from the root (Docs/Performance.md).
    static let groupSize = 64
    private let row: Statement
    private let rows: Statement
    private let digest: Statement
    private let digests: Statement
    private let holderOfDigest: Statement
    private let delete: Statement
    /// A digest written back from a `DigestEntry`, bound in place for one step.
    private let scratch = UnsafeMutableRawPointer.allocate(byteCount: SealedKeys.digestCount * KeyInsertStatements.groupSize, alignment: 8)

    init(_ db: Database, productId: Int64, batchId: Int64) throws {
        row = try db.makeStatement(sql: """
            INSERT INTO card_keys (id, product_id, batch_id, source_line, digest, sealed, number_hint, expires_at, seal_version)
            VALUES (?3, ?1, ?2, ?4, ?5, ?6, ?7, ?8, 2)
            """)
        // OR IGNORE, checked by the change count: with a statement-level ABORT, SQLite would keep a
        // statement journal for a multi-row insert (a copy of every page it touches); nothing here
        // can conflict (fresh ids above every id, no digest constraint), and a shortfall throws.
        let values = (0..<Self.groupSize).map { g in
            let b = 3 + g * 6
            return "(?\(b), ?1, ?2, ?\(b + 1), ?\(b + 2), ?\(b + 3), ?\(b + 4), ?\(b + 5), 2)"
        }
        rows = try db.makeStatement(sql: """
            INSERT OR IGNORE INTO card_keys (id, product_id, batch_id, source_line, digest, sealed, number_hint, expires_at, seal_version)
            VALUES \(values.joined(separator: ", "))
            """)
        digest = try db.makeStatement(sql: "INSERT INTO card_key_digests (digest, key_id) VALUES (?, ?) ON CONFLICT (digest) DO NOTHING")
        // Statement-level OR IGNORE for the same reason as the rows; RETURNING names the keys that got their digest.
        let pairs = (0..<Self.groupSize).map { g in "(?\(2 * g + 1), ?\(2 * g + 2))" }
        digests = try db.makeStatement(sql: """
            INSERT OR IGNORE INTO card_key_digests (digest, key_id) VALUES \(pairs.joined(separator: ", ")) RETURNING key_id
            """)
        holderOfDigest = try db.makeStatement(sql: """
            SELECT k.batch_id, k.source_line FROM card_key_digests AS d JOIN card_keys AS k ON k.id = d.key_id WHERE d.digest = ?
            """)
        delete = try db.makeStatement(sql: "DELETE FROM card_keys WHERE id = ?")
        for s in [row.sqliteStatement, rows.sqliteStatement] {
            sqlite3_bind_int64(s, 1, productId)
            sqlite3_bind_int64(s, 2, batchId)
        }
    }

    deinit { scratch.deallocate() }

    /// Appends key `k` of `keys` as row `id`. Its digest is not yet checked: see `insertDigest`.
    func insertRow(_ db: Database, id: Int64, _ keys: SealedKeys, _ k: Int) throws {
        Self.bindKey(row.sqliteStatement, from: 3, id: id, keys, k)
        _ = try row.stepToEnd(db)
    }

    /// Appends keys `first ..< first + groupSize` of `keys` as rows `firstId …` in one statement.
    func insertRows(_ db: Database, firstId: Int64, _ keys: SealedKeys, from first: Int) throws {
        let s = rows.sqliteStatement
        for g in 0..<Self.groupSize { Self.bindKey(s, from: Int32(3 + g * 6), id: firstId + Int64(g), keys, first + g) }
        guard try rows.stepToEnd(db) == Self.groupSize else {
            throw DatabaseError(resultCode: .SQLITE_CONSTRAINT, message: "a card key row was refused during import")
        }
    }

    /// Claims the entry's digest for key `keyId`; false when some key already holds it (nothing written).
    func insertDigest(_ db: Database, _ entry: DigestEntry, keyId: Int64) throws -> Bool {
        let s = digest.sqliteStatement
        entry.write(to: scratch)
        sqlite3_bind_blob(s, 1, scratch, Int32(SealedKeys.digestCount), nil)
        sqlite3_bind_int64(s, 2, keyId)
        return try digest.stepToEnd(db) == 1
    }

    /// Claims `groupSize` distinct digests at once, each for its key; `kept` gets the ids of the keys
    /// whose digest was new, sorted (the others are held by some key already).
    func claimDigests(_ db: Database, _ claims: [(entry: DigestEntry, keyId: Int64)], kept: inout [Int64]) throws {
        precondition(claims.count == Self.groupSize)
        let s = digests.sqliteStatement
        kept.removeAll(keepingCapacity: true)
        for (g, claim) in claims.enumerated() {
            let bytes = scratch + g * SealedKeys.digestCount
            claim.entry.write(to: bytes)
            sqlite3_bind_blob(s, Int32(2 * g + 1), bytes, Int32(SealedKeys.digestCount), nil)
            sqlite3_bind_int64(s, Int32(2 * g + 2), claim.keyId)
        }
        try digests.stepRows(db) { row in kept.append(sqlite3_column_int64(row, 0)) }
        kept.sort()
    }

    /// The batch and line of the key that holds the entry's digest.
    func holder(_ db: Database, _ entry: DigestEntry) throws -> (batchId: Int64, sourceLine: Int) {
        entry.write(to: scratch)
        sqlite3_bind_blob(holderOfDigest.sqliteStatement, 1, scratch, Int32(SealedKeys.digestCount), nil)
        let holder = try holderOfDigest.firstRow(db) { row in (batchId: sqlite3_column_int64(row, 0), sourceLine: Int(sqlite3_column_int64(row, 1))) }
        guard let holder else {
            throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "card_key_digests names a key that card_keys lacks")
        }
        return holder
    }

    /// Deletes the row of a key found to be a duplicate after it was appended.
    func deleteRow(_ db: Database, id: Int64) throws {
        sqlite3_bind_int64(delete.sqliteStatement, 1, id)
        _ = try delete.stepToEnd(db)
    }

    /// Drops the pointers into key buffers that are about to be freed (the product and batch stay bound).
    func clear() {
        for index in Int32(5)...8 { sqlite3_bind_null(row.sqliteStatement, index) }
        for g in 0..<Int32(Self.groupSize) {
            for index in (5 + g * 6)...(8 + g * 6) { sqlite3_bind_null(rows.sqliteStatement, index) }
        }
        sqlite3_bind_null(digest.sqliteStatement, 1)
        for g in 0..<Int32(Self.groupSize) { sqlite3_bind_null(digests.sqliteStatement, 2 * g + 1) }
        sqlite3_bind_null(holderOfDigest.sqliteStatement, 1)
    }

    /// Binds one key's six values (id, line, digest, sealed, hint, expiry) from parameter `b` on; the
    /// product and batch are ?1 and ?2 in both insert statements.
    private static func bindKey(_ s: OpaquePointer, from b: Int32, id: Int64, _ keys: SealedKeys, _ k: Int) {
        sqlite3_bind_int64(s, b, id)
        sqlite3_bind_int64(s, b + 1, Int64(keys.slots[k].sourceLine))
        bindBlob(s, b + 2, keys.digest(k))
        bindBlob(s, b + 3, keys.sealed(k))
        if let hint = keys.hint(k) { bindText(s, b + 4, hint) } else { sqlite3_bind_null(s, b + 4) }
        if let expires = keys.expires(k) { bindText(s, b + 5, expires) } else { sqlite3_bind_null(s, b + 5) }
    }

    private static func bindBlob(_ s: OpaquePointer, _ index: Int32, _ bytes: UnsafeRawBufferPointer) {
        // SQLITE_STATIC (nil): SQLite reads the bytes in place until the next bind or reset.
        sqlite3_bind_blob(s, index, bytes.baseAddress, Int32(bytes.count), nil)
    }

    private static func bindText(_ s: OpaquePointer, _ index: Int32, _ bytes: UnsafeRawBufferPointer) {
        // SealedKeys slices always have a base address, even when empty (a null pointer would bind NULL).
        sqlite3_bind_text(s, index, bytes.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(bytes.count), nil)
    }
}
