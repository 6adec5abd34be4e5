import Foundation
import KamengDomain
@testable import KamengSQLite
import KamengStorage

// The only file of the suite that knows an engine: one factory per engine, and the list every test runs
// over. The PostgreSQL engine adds its factory here and nothing else.

enum EngineFactories {
    static let all: [any EngineFactory] = [SQLiteEngineFactory()]
}

/// The SQLite engine on a real file in the test's directory: the database in `db/`, the key file in
/// `keys/` (kept apart, as the key file policy requires).
struct SQLiteEngineFactory: EngineFactory {
    var name: String { "SQLite" }

    func make(directory: URL, adminUser: String) async throws -> (engine: any KamengEngine, admin: Staff) {
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("db"), withIntermediateDirectories: true)
        let engine = try SQLiteEngine.create(at: databasePath(directory), keyFilePath: keyFilePath(directory: directory), adminUser: adminUser)
        return (engine, try await engine.staff(userName: adminUser))
    }

    func open(directory: URL, readOnly: Bool) async throws -> any KamengEngine {
        try SQLiteEngine.open(at: databasePath(directory), keyFilePath: keyFilePath(directory: directory), readOnly: readOnly)
    }

    func keyFilePath(directory: URL) -> String { directory.appendingPathComponent("keys/master.key").path }

    func deliverWithoutFunds(directory: URL, substation code: String) async throws {
        let store = try SQLiteStore.open(at: databasePath(directory), keyFilePath: keyFilePath(directory: directory), connection: ConnectionOptions())
        try await store.pool.write { db in try db.execute(sql: "UPDATE substations SET funds_required = 0 WHERE code = ?", arguments: [code]) }
    }

    private func databasePath(_ directory: URL) -> String { directory.appendingPathComponent("db/kameng.sqlite").path }
}
