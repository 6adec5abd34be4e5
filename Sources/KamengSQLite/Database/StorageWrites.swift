import Foundation
import GRDB
import KamengStorage

/// How the store opens its SQLite connections. The defaults are what every program uses: SQLite's own
/// unix VFS and the store's page caches. The power-loss tests open a store through a VFS of theirs,
/// registered by name (never as the default), and with a small cache so that transactions spill.
struct ConnectionOptions: Sendable {
    /// A VFS registered with SQLite under this name; nil for SQLite's default.
    var vfs: String?
    /// Every connection's `cache_size` (pages when positive); nil for the store's own sizes.
    var cachePages: Int?

    init(vfs: String? = nil, cachePages: Int? = nil) {
        self.vfs = vfs
        self.cachePages = cachePages
    }

    /// The file name to give SQLite: the path itself, or a URI naming the VFS (SQLite here interprets
    /// URI file names, and GRDB passes the name through to `sqlite3_open_v2`).
    func sqlitePath(_ path: String) -> String {
        guard let vfs else { return path }
        var escaped = ""
        for c in path.unicodeScalars {
            switch c {
            case "%": escaped += "%25"
            case "?": escaped += "%3f"
            case "#": escaped += "%23"
            default: escaped.unicodeScalars.append(c)
            }
        }
        return "file:\(escaped)?vfs=\(vfs)"
    }
}

/// The store's storage state: sound until a write or a sync fails (SQLITE_IOERR*, SQLITE_FULL: EIO,
/// ENOSPC…); from then on every write is refused until the database is opened again. After a failed
/// fsync the kernel may have dropped the unsynced pages and cleared the error, so a later sync that
/// succeeds proves nothing about them (Docs/Decisions.md).
final class StorageHealth: @unchecked Sendable {
    private let lock = NSLock()
    private var failure: StoreError?

    /// Throws the recorded failure, if any.
    func check() throws {
        lock.lock()
        defer { lock.unlock() }
        if let failure { throw failure }
    }

    /// Records the first failure (later ones keep it) and returns the error to throw.
    @discardableResult
    func fail(path: String, detail: String) -> StoreError {
        lock.lock()
        defer { lock.unlock() }
        if failure == nil { failure = .storageFailed(path: path, detail: detail) }
        return failure!
    }

    var hasFailed: Bool {
        lock.lock()
        defer { lock.unlock() }
        return failure != nil
    }

    /// A result code that means the storage failed under SQLite, not that the statement was wrong.
    static func isStorageFailure(_ code: ResultCode) -> Bool {
        code.primaryResultCode == .SQLITE_IOERR || code.primaryResultCode == .SQLITE_FULL
    }

    static func isStorageFailure(_ code: Int32) -> Bool {
        isStorageFailure(ResultCode(rawValue: code))
    }
}

extension SQLiteStore {
    /// Every write of the store goes through here or `dbWriteWithoutTransaction`: refused once the storage
    /// has failed, and a storage failure during `updates` or its COMMIT marks the store failed.
    func dbWrite<T>(_ updates: (Database) throws -> T) throws -> T {
        try guardingStorage { try pool.write(updates) }
    }

    /// `pool.writeWithoutTransaction` behind the same guard as `dbWrite`.
    func dbWriteWithoutTransaction<T>(_ updates: (Database) throws -> T) throws -> T {
        try guardingStorage { try pool.writeWithoutTransaction(updates) }
    }

    private func guardingStorage<T>(_ body: () throws -> T) throws -> T {
        try storage.check()
        do {
            return try body()
        } catch let error as DatabaseError where StorageHealth.isStorageFailure(error.extendedResultCode) {
            throw storage.fail(path: path, detail: "\(error.extendedResultCode): \(error.message ?? "")")
        }
    }
}
