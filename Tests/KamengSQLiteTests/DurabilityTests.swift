import Foundation
import GRDB
import KamengDomain
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage

@Suite("Opening the database")
struct DurabilityTests {
    @Test("synchronous is FULL on the writer after open, and WAL is on")
    func synchronousFull() throws {
        let t = try TestStore()
        #expect(try t.store.synchronousLevel() == 2)
        let reopened = try SQLiteStore.open(at: t.databasePath, keyFilePath: t.keyFilePath)
        #expect(try reopened.synchronousLevel() == 2)
        let mode = try reopened.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
        let foreignKeys = try reopened.pool.read { db in try Int.fetchOne(db, sql: "PRAGMA foreign_keys") }
        #expect(foreignKeys == 1)
        #expect(try reopened.integrityCheck() == "ok")
    }

    @Test("creating over an existing database is refused")
    func noOverwrite() throws {
        let t = try TestStore()
        #expect(throws: StoreError.alreadyInitialised(path: t.databasePath)) {
            _ = try SQLiteStore.create(at: t.databasePath, keyFilePath: t.keyFilePath, adminUser: "bob")
        }
    }

    @Test("opening a missing database says how to create one")
    func missing() throws {
        let t = try TestStore()
        let error = #expect(throws: StoreError.self) { _ = try SQLiteStore.open(at: t.root + "/nope.sqlite", keyFilePath: t.keyFilePath) }
        #expect(error?.description.contains("kameng init") == true)
    }

    @Test("an unknown OS user is refused with how to get access")
    func unknownStaff() throws {
        let t = try TestStore()
        let error = #expect(throws: StoreError.self) { _ = try t.store.staff(userName: "mallory") }
        #expect(error?.description.contains("kameng staff add mallory") == true)
    }

    @Test("roles are checked by the store: support cannot add staff or products")
    func permissions() throws {
        let t = try TestStore()
        let support = try t.addStaff("sam", role: .support)
        #expect(throws: StoreError.self) { _ = try t.store.addStaff(userName: "eve", role: .admin, by: support, stepUp: nil) }
        #expect(throws: StoreError.self) {
            _ = try t.store.addProduct(Product(sku: "X", name: "x", category: .software, faceValue: .zero, cost: .zero,
                                               prices: MemberPrices(retail: .zero, vip: .zero, agent: .zero), lowStockThreshold: 0), by: support)
        }
        #expect(try t.store.allStaff().map(\.userName) == ["alice", "sam"])
    }
}
