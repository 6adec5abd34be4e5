import Foundation
import GRDB
import GRDBSQLite

/// An import's two per-key statements, run straight through the SQLite C API on GRDB's prepared
/// statements inside GRDB's transaction. Building `StatementArguments` per key cost the writer thread
/// about as much as SQLite's own insert work (Docs/Performance.md); here the product and batch are
/// bound once, and each key's blobs are bound in place (`SQLITE_STATIC`) from its `SealedKeys` buffer,
/// which outlives the step; those bindings are dropped before the buffers are freed.
struct KeyInsertStatements {
    private let insert: Statement
    private let existing: Statement

    init(_ db: Database, productId: Int64, batchId: Int64) throws {
        insert = try db.makeStatement(sql: """
            INSERT INTO card_keys (id, product_id, batch_id, source_line, digest, sealed, number_hint, expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (digest) DO NOTHING
            """)
        existing = try db.makeStatement(sql: "SELECT batch_id, source_line FROM card_keys WHERE digest = ?")
        let s = insert.sqliteStatement
        sqlite3_bind_int64(s, 2, productId)
        sqlite3_bind_int64(s, 3, batchId)
    }

    /// Inserts key `k` of `keys` as row `id`; false when its digest is already in the store (nothing inserted).
    func insert(_ db: Database, id: Int64, _ keys: SealedKeys, _ k: Int) throws -> Bool {
        let s = insert.sqliteStatement
        defer { sqlite3_reset(s) }
        sqlite3_bind_int64(s, 1, id)
        sqlite3_bind_int64(s, 4, Int64(keys.slots[k].sourceLine))
        Self.bindBlob(s, 5, keys.digest(k))
        Self.bindBlob(s, 6, keys.sealed(k))
        if let hint = keys.hint(k) { Self.bindText(s, 7, hint) } else { sqlite3_bind_null(s, 7) }
        if let expires = keys.expires(k) { Self.bindText(s, 8, expires) } else { sqlite3_bind_null(s, 8) }
        let code = sqlite3_step(s)
        guard code == SQLITE_DONE else { throw Self.error(db, code) }
        return sqlite3_changes(db.sqliteConnection) == 1
    }

    /// The batch and line that already hold this digest, if any.
    func firstOccurrence(_ db: Database, digest: UnsafeRawBufferPointer) throws -> (batchId: Int64, sourceLine: Int)? {
        let s = existing.sqliteStatement
        defer { sqlite3_reset(s); sqlite3_clear_bindings(s) }
        Self.bindBlob(s, 1, digest)
        switch sqlite3_step(s) {
        case SQLITE_ROW: return (sqlite3_column_int64(s, 0), Int(sqlite3_column_int64(s, 1)))
        case SQLITE_DONE: return nil
        case let code: throw Self.error(db, code)
        }
    }

    /// Drops the pointers into key buffers that are about to be freed (the product and batch stay bound).
    func clear() {
        for index in Int32(5)...8 { sqlite3_bind_null(insert.sqliteStatement, index) }
    }

    private static func bindBlob(_ s: OpaquePointer, _ index: Int32, _ bytes: UnsafeRawBufferPointer) {
        // SQLITE_STATIC (nil): SQLite reads the bytes in place until the next bind or reset.
        sqlite3_bind_blob(s, index, bytes.baseAddress, Int32(bytes.count), nil)
    }

    private static func bindText(_ s: OpaquePointer, _ index: Int32, _ bytes: UnsafeRawBufferPointer) {
        // SealedKeys slices always have a base address, even when empty (a null pointer would bind NULL).
        sqlite3_bind_text(s, index, bytes.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(bytes.count), nil)
    }

    private static func error(_ db: Database, _ code: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
    }
}
