import Foundation
import GRDB
import KamengDomain
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage

/// What only the SQLite engine does (the conformance suite checks the contract every engine keeps).
@Suite("SQLite engine")
struct SQLiteEngineTests {
    @Test("errors leave through one translation: StoreError as it is, SQLite's with its extended code and message")
    func translation() {
        #expect(StoreError(translating: StoreError.notADemo) == .notADemo)
        let full = DatabaseError(resultCode: .SQLITE_FULL, message: "database or disk is full")
        #expect(StoreError(translating: full) == .storage(code: 13, message: "database or disk is full"))
        let ioFsync = DatabaseError(resultCode: ResultCode(rawValue: 1034), message: "disk I/O error")
        #expect(StoreError(translating: ioFsync) == .storage(code: 1034, message: "disk I/O error"))
        guard case .storage(-1, let message) = StoreError(translating: CocoaError(.fileReadNoPermission)) else {
            Issue.record("an unexpected error is not reported as storage -1"); return
        }
        #expect(message.hasPrefix("CocoaError"))
    }

    @Test("an operation's refusal reaches the caller typed, from the engine's queue")
    func typedRefusal() async throws {
        let t = try TestStore()
        let engine = SQLiteEngine(store: t.store)
        await #expect(throws: StoreError.notFound(.order(id: 42))) { _ = try await engine.order(id: 42) }
        await #expect(throws: StoreError.notFound(.product(sku: "NOPE"))) { _ = try await engine.product(sku: "NOPE") }
        let support = try t.addStaff("sam", role: .support)
        await #expect(throws: StoreError.forbidden(user: "sam (support)", action: Permission.manageProducts.rawValue)) {
            try await engine.setLowStockThreshold(sku: "NOPE", to: 1, by: support)
        }
    }

    @Test("open refuses a missing database with the typed error; the store stays reachable for the benchmark")
    func openAndStore() throws {
        let t = try TestStore()
        #expect(throws: StoreError.notInitialised(path: t.root + "/db/missing.sqlite")) {
            _ = try SQLiteEngine.open(at: t.root + "/db/missing.sqlite", keyFilePath: t.keyFilePath)
        }
        let engine = try SQLiteEngine.open(at: t.databasePath, keyFilePath: t.keyFilePath, readOnly: true)
        #expect(engine.isReadOnly && engine.store.path == t.databasePath)
    }
}
