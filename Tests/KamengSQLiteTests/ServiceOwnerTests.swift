import Foundation
import GRDB
import KamengDomain
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage
import Testing

/// The service owner (migration "v14 service owner"): the staff row local runs act as.
@Suite("Service owner")
struct ServiceOwnerTests {
    @Test("init's admin is the owner, whatever other admins are added later")
    func initsAdminIsTheOwner() throws {
        let t = try TestStore(admin: "kameng")
        _ = try t.addStaff("zed", role: .admin)
        #expect(try t.store.owner().userName == "kameng")
        #expect(try t.store.owner().role == .admin)
    }

    @Test("a database from before v14 opens with its first active admin as the owner")
    func upgradeMakesTheFirstActiveAdminTheOwner() throws {
        let t = try TestStore(admin: "alice")
        _ = try t.addStaff("bob", role: .support)
        _ = try t.addStaff("carol", role: .admin)
        // Back to the shape of a v13 file: no owner table, the migration not yet run; alice since disabled.
        let queue = try DatabaseQueue(path: t.databasePath)
        try queue.write { db in
            try db.execute(sql: "DROP TABLE service_owner")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v14 service owner'")
            try db.execute(sql: "UPDATE staff SET active = 0 WHERE user_name = 'alice'")
        }
        try queue.close()
        #expect(SQLiteEngine.pendingUpgrades(at: t.databasePath) == ["v14 service owner"])
        let reopened = try SQLiteStore.open(at: t.databasePath, keyFilePath: t.keyFilePath)
        #expect(try reopened.owner().userName == "carol")
    }

    @Test("a disabled owner is refused, not replaced silently")
    func disabledOwnerRefused() throws {
        let t = try TestStore(admin: "kameng")
        // Disabled by another admin, as `kameng staff disable` would (nobody may disable themselves).
        let other = try t.addStaff("dana", role: .admin)
        let (code, now) = try t.stepUp(other)
        try t.store.disableStaff(userName: "kameng", by: other, stepUp: code, now: now)
        let error = #expect(throws: StoreError.self) { _ = try t.store.owner() }
        #expect(error?.description.contains("no such staff member \"kameng\"") == true)
    }
}
