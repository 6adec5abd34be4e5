import Dispatch
import Foundation
import GRDB
import KamengDomain
import KamengStorage

/// The SQLite engine: the storage interface (`KamengEngine`) over one SQLite database through GRDB.
///
/// It wraps `SQLiteStore`, whose methods are blocking GRDB calls. Every operation hops off the Swift
/// concurrency pool onto a dispatch queue (`run`), so a slow write or a long import never holds one of
/// the pool's few threads, and every error leaves through one function (`StoreError.init(translating:)`),
/// so the interface only ever throws `StoreError`. The operations are in the files beside this one, one
/// per capability of the interface.
public struct SQLiteEngine: KamengEngine {
    /// The store the engine works through. For the benchmark and the engine's own tests only: the
    /// console, the CLI and the API use the interface.
    public let store: SQLiteStore

    public init(store: SQLiteStore) {
        self.store = store
    }

    /// Creates a new database at `path`, its data key wrapped by the key file (created when missing),
    /// with `adminUser` its first admin.
    public static func create(at path: String, keyFilePath: String, adminUser: String) throws(StoreError) -> SQLiteEngine {
        try translating { SQLiteEngine(store: try SQLiteStore.create(at: path, keyFilePath: keyFilePath, adminUser: adminUser)) }
    }

    /// Opens an existing database; the key file must satisfy its policy and match the database.
    /// `readOnly` opens SQLite read-only and makes every changing operation refuse with `.readOnly`.
    public static func open(at path: String, keyFilePath: String, readOnly: Bool = false) throws(StoreError) -> SQLiteEngine {
        try translating { SQLiteEngine(store: try SQLiteStore.open(at: path, keyFilePath: keyFilePath, readOnly: readOnly)) }
    }

    public var isReadOnly: Bool { store.isReadOnly }

    /// The schema migrations an existing database file has not had yet, oldest first: empty for a
    /// current file, a new one, or one that cannot be read here (opening says why). The first writable
    /// open applies them; some rewrite a whole table (Docs/Schema.md), so a caller can say so first.
    public static func pendingUpgrades(at path: String) -> [String] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        var config = Configuration()
        config.readonly = true
        guard let queue = try? DatabaseQueue(path: path, configuration: config),
              let applied = try? queue.read({ db in try Schema.migrator.appliedIdentifiers(db) }), !applied.isEmpty
        else { return [] }
        return Schema.migrator.migrations.filter { !applied.contains($0) }
    }

    /// Where the blocking work runs: concurrent, so reads proceed side by side (GRDB's pool serialises
    /// the writes) and a long import does not hold up the console's list queries.
    private static let queue = DispatchQueue(label: "kameng.sqlite-engine", qos: .userInitiated, attributes: .concurrent)

    /// Runs `work` (blocking GRDB calls) on the engine's queue and resumes the caller with its result;
    /// any error is translated to `StoreError` on the way out.
    func run<T: Sendable>(_ work: @escaping @Sendable (SQLiteStore) throws -> T) async throws(StoreError) -> T {
        let store = self.store
        return try await Self.offPool { try work(store) }.get()
    }

    /// `work`'s result, computed on the engine's queue while the calling task is suspended.
    static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async -> Result<T, StoreError> {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: result(work)) }
        }
    }

    /// `body`'s value, or its error translated.
    static func result<T>(_ body: () throws -> T) -> Result<T, StoreError> {
        do { return .success(try body()) } catch { return .failure(StoreError(translating: error)) }
    }

    /// Runs `body` here (no hop: opening is done once, before any concurrency), translating its error.
    static func translating<T>(_ body: () throws -> T) throws(StoreError) -> T {
        try result(body).get()
    }
}

extension StoreError {
    /// The one place an error from below the interface becomes a `StoreError`: the store's own errors
    /// pass through, SQLite's become `.storage` with its extended result code and message. Anything
    /// else (a crypto library failure, an OS error from Foundation) is reported as `.storage` with
    /// code -1 and what it said, not dropped.
    init(translating error: any Error) {
        switch error {
        case let error as StoreError:
            self = error
        case let error as DatabaseError:
            self = .storage(code: error.extendedResultCode.rawValue, message: error.message ?? "\(error.resultCode)")
        default:
            self = .storage(code: -1, message: "\(type(of: error)): \(error)")
        }
    }
}
