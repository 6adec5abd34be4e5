import Foundation
import GRDB
import KamengDomain
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage

/// v19: the demo recognises its own databases, old and new, without the key file and without
/// changing them; nothing else counts as a demo.
@Suite("Demo marker (v19)")
struct DemoMarkerTests {
    @Test("a demo from before v19 (its demo.seed row) is recognised read-only and gets the marker; a plain database does not")
    func legacyDemoAndPlainDatabase() throws {
        let dir = try IntakeWritesMigrationTests.scratch("kameng-v19-")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (name, seeded) in [("legacy-demo", true), ("plain", false)] {
            let path = dir + "/\(name).sqlite"
            let queue = try DatabaseQueue(path: path)
            try Schema.migrator.migrate(queue, upTo: "v13 batch counts and held queue")
            if seeded {
                try queue.write { db in
                    try db.execute(sql: """
                        INSERT INTO audit_log (at, actor, action, target, detail, prev_mac, mac)
                        VALUES ('2026-11-01T00:00:00.000Z', 'root', 'demo.seed', 'store', 'size tiny', 'x', 'y')
                        """)
                }
            }
            try queue.close()
            #expect(SQLiteEngine.demoFileCheck(at: path) == (seeded ? .demo : .notADemo), "\(name) before v19")
            #expect(SQLiteEngine.pendingUpgrades(at: path).last == "v21 ledger", "the check changed nothing")
            let migrated = try DatabaseQueue(path: path)
            try Schema.migrator.migrate(migrated)
            let marked = try migrated.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM demo_marker") }
            #expect(marked == (seeded ? 1 : 0), "\(name) after v19")
            try migrated.close()
            #expect(SQLiteEngine.demoFileCheck(at: path) == (seeded ? .demo : .notADemo), "\(name) after v19")
        }
        #expect(SQLiteEngine.demoFileCheck(at: dir + "/missing.sqlite") == .absent)
        #expect(SQLiteEngine.demoFileCheck(at: dir) == .notADemo, "a directory is not a demo")
    }

    @Test("createDemo marks the new database; create does not, and the demo authenticator is refused there")
    func createDemoMarks() throws {
        let dir = try IntakeWritesMigrationTests.scratch("kameng-v19-create-")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let demo = try SQLiteEngine.createDemo(at: dir + "/db/demo.sqlite", keyFilePath: dir + "/keys/demo.key", adminUser: "alice")
        #expect(SQLiteEngine.demoFileCheck(at: dir + "/db/demo.sqlite") == .demo)
        _ = try demo.store.enrolDemoTOTP(for: try demo.store.staff(userName: "alice"))
        let real = try SQLiteStore.create(at: dir + "/db2/real.sqlite", keyFilePath: dir + "/keys2/real.key", adminUser: "alice")
        #expect(SQLiteEngine.demoFileCheck(at: dir + "/db2/real.sqlite") == .notADemo)
        #expect(throws: StoreError.notADemo) { _ = try real.enrolDemoTOTP(for: try real.staff(userName: "alice")) }
    }
}
