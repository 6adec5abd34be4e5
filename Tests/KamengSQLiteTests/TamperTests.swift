import Foundation
import GRDB
import KamengDomain
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage
import KamengVault

/// What someone holding the database file (and sqlite3) can do, and what Kameng then says: a cut audit
/// tail, a file rolled back to an older copy, a role raised in SQL, two sealed keys swapped. Each is
/// reported by `audit verify`, and the altered thing refuses to be used.
@Suite("Tampering with the database file")
struct TamperTests {
    /// Two products with keys, one QQ-100 order delivered (key #1), so there is something to reveal.
    func world() throws -> (TestStore, order: Int64) {
        let t = try TestStore()
        let product = try t.addProduct()
        try t.addProduct(sku: "CMCC-50")
        let station = try t.addSubstation()
        try t.importKeys(["QQ-COIN-SECRET-1", "QQ-COIN-SECRET-2"], numbers: ["1111000011", "1111000022"])
        try t.importKeys(["CMCC-SECRET-3"], sku: "CMCC-50", numbers: ["2222000033"])
        let order = try t.store.createOrder(t.order("T1", product: product, station: station))
        _ = try t.store.payAndDeliver(orderId: order, amount: Money(fen: 9_900), method: .alipay, txn: "TX1")
        return (t, order)
    }

    func reveal(_ t: TestStore, _ order: Int64) throws -> [RevealedKey] {
        let (code, now) = try t.stepUp(t.admin)
        return try t.store.revealKeys(orderId: order, reason: "ticket 9", by: t.admin, stepUp: code, now: now)
    }

    func auditRows(_ t: TestStore) throws -> Int64 {
        try t.store.pool.read { db in try Int64.fetchOne(db, sql: "SELECT max(id) FROM audit_log") ?? 0 }
    }

    @Test("deleting the newest audit rows (triggers dropped and put back) is reported against the anchor")
    func deletedTail() throws {
        let (t, _) = try world()
        let last = try auditRows(t)
        #expect(try t.store.verifyAudit() == .intact(rows: Int(last)))
        try t.rawExecute("""
            DROP TRIGGER audit_log_append_only_delete;
            DELETE FROM audit_log WHERE id > \(last - 2);
            CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
            """)
        guard case let .broken(id, reason) = try t.store.verifyAudit() else { Issue.record("a cut tail verified as intact"); return }
        #expect(id == last - 1)
        #expect(reason.contains("ends at row \(last - 2)") && reason.contains("records row \(last)") && reason.contains("deleted from the end"), "\(reason)")
    }

    @Test("a database rolled back to an older copy is reported, and writing on does not move the anchor back")
    func rolledBack() throws {
        let (t, _) = try world()
        try t.store.checkpoint()
        let aside = t.root + "/aside.sqlite"
        try FileManager.default.copyItem(atPath: t.databasePath, toPath: aside)
        try t.addStaff("bob", role: .support)
        try t.addProduct(sku: "LATER-1")
        let anchored = try auditRows(t)
        try t.store.closeDatabase()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: t.databasePath + suffix) }
        try FileManager.default.copyItem(atPath: aside, toPath: t.databasePath)
        let reopened = try SQLiteStore.open(at: t.databasePath, keyFilePath: t.keyFilePath)
        defer { try? reopened.closeDatabase() }
        guard case let .broken(_, reason) = try reopened.verifyAudit() else { Issue.record("a rolled-back file verified as intact"); return }
        #expect(reason.contains("records row \(anchored)") && reason.contains("rolled back"), "\(reason)")
        // More audited work than was cut away: the chain grows past the anchor's id, and still does not match it.
        let admin = try reopened.staff(userName: "alice")
        for i in 0..<6 { try reopened.addToBlacklist(.device, value: "after-rollback-\(i)", reason: "x", by: admin) }
        guard case let .broken(id, again) = try reopened.verifyAudit() else { Issue.record("writing on hid the rollback"); return }
        #expect(id == anchored && again.contains("does not carry the MAC the anchor"), "\(again)")
    }

    @Test("a role raised in SQL is refused at use and reported by verify")
    func raisedRole() throws {
        let (t, _) = try world()
        try t.addStaff("bob", role: .support)
        try t.rawExecute("UPDATE staff SET role = 'admin' WHERE user_name = 'bob'")
        let error = #expect(throws: StoreError.self) { _ = try t.store.staff(userName: "bob") }
        #expect(error?.description.contains("staff row for bob was altered outside Kameng") == true, "\(String(describing: error))")
        #expect(try t.store.verifyAudit() == .altered(rows: ["staff row for bob was altered outside Kameng"]))
        // Put back as it was, the row is accepted again: the MAC is over what the row holds.
        try t.rawExecute("UPDATE staff SET role = 'support' WHERE user_name = 'bob'")
        #expect(try t.store.staff(userName: "bob").role == .support)
    }

    @Test("the owner's row changed in SQL is refused when a local run resolves the owner")
    func alteredOwner() throws {
        let (t, _) = try world()
        #expect(try t.store.owner().userName == t.admin.userName)
        try t.rawExecute("UPDATE staff SET role = 'support' WHERE user_name = '\(t.admin.userName)'")
        let error = #expect(throws: StoreError.self) { _ = try t.store.owner() }
        #expect(error?.description.contains("staff row for \(t.admin.userName) was altered outside Kameng") == true, "\(String(describing: error))")
    }

    @Test("a security setting loosened in SQL is refused at use and reported")
    func loosenedSetting() throws {
        let (t, order) = try world()
        let (code, now) = try t.stepUp(t.admin)
        try t.store.setSecuritySettings(SecuritySettings(refundStepUpAbove: Money(fen: 100), revealsPerHour: 2), by: t.admin, stepUp: code, now: now)
        try t.rawExecute("UPDATE security_settings SET value = 1000 WHERE key = 'reveals_per_hour'")
        let error = #expect(throws: StoreError.self) { _ = try reveal(t, order) }
        #expect(error?.description.contains("security setting reveals_per_hour was altered outside Kameng") == true, "\(String(describing: error))")
        #expect(try t.store.verifyAudit() == .altered(rows: ["security setting reveals_per_hour was altered outside Kameng"]))
    }

    @Test("a power row's MAC removed in SQL counts as altered")
    func removedMAC() throws {
        let (t, _) = try world()
        try t.rawExecute("UPDATE staff SET row_mac = NULL WHERE user_name = 'alice'")
        #expect(throws: StoreError.self) { _ = try t.store.staff(userName: "alice") }
        #expect(try t.store.verifyAudit() == .altered(rows: ["staff row for alice was altered outside Kameng (its MAC is missing)"]))
    }

    /// Swaps the sealed blob, digest and seal version of two keys, as an attacker with sqlite3 would.
    static func swapSealed(_ t: TestStore, _ a: Int64, _ b: Int64) throws {
        try t.rawExecute("""
            CREATE TEMP TABLE swap AS SELECT id, digest, sealed, seal_version FROM card_keys WHERE id IN (\(a), \(b));
            UPDATE card_keys SET digest = randomblob(32) WHERE id IN (\(a), \(b));
            UPDATE card_keys SET digest = (SELECT digest FROM swap WHERE id = \(b)), sealed = (SELECT sealed FROM swap WHERE id = \(b)),
                seal_version = (SELECT seal_version FROM swap WHERE id = \(b)) WHERE id = \(a);
            UPDATE card_keys SET digest = (SELECT digest FROM swap WHERE id = \(a)), sealed = (SELECT sealed FROM swap WHERE id = \(a)),
                seal_version = (SELECT seal_version FROM swap WHERE id = \(a)) WHERE id = \(b);
            DROP TABLE swap;
            """)
    }

    @Test("two sealed keys swapped in SQL (blob, digest and version) make the reveal refuse as tampered", arguments: [2, 3] as [Int64])
    func swappedKeys(other: Int64) throws {
        let (t, order) = try world()
        #expect(try reveal(t, order).map(\.secret) == ["QQ-COIN-SECRET-1"])
        // Key 2: same product and batch; key 3: another product (CMCC-50 copied over QQ-COIN).
        try Self.swapSealed(t, 1, other)
        let error = #expect(throws: StoreError.self) { _ = try reveal(t, order) }
        guard case let .tampered(what)? = error else { Issue.record("expected tampered, got \(String(describing: error))"); return }
        #expect(what.contains("card key #1") && what.contains("tampered"), "\(what)")
    }
}
