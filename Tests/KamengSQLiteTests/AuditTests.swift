import Foundation
import GRDB
import KamengDomain
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage

@Suite("Audit log")
struct AuditTests {
    /// A store with a handful of audited changes.
    func populated() throws -> TestStore {
        let t = try TestStore()
        try t.addProduct()
        try t.addSubstation()
        try t.addStaff("sam", role: .support)
        _ = try t.importKeys(["K1", "K2", "K3"])
        return t
    }

    @Test("every change is audited with who, what and target, and no secret")
    func recorded() throws {
        let t = try populated()
        let events = try t.store.auditTail(limit: 10).reversed().map { "\($0.actor) \($0.action) \($0.target)" }
        // The second row records that this database's keys were sealed v2 from the start (VaultUpgrades).
        #expect(events == ["alice store.init store", "alice vault.reseal.done vault", "alice product.add product:QQ-100", "alice substation.add substation:sh-test",
                           "alice staff.totp.enrol staff:alice", "alice staff.add staff:sam", "alice batch.import batch:1"])
        let details = try t.store.auditTail(limit: 10).map(\.detail).joined()
        for secret in ["K1", "K2", "K3"] { #expect(!details.contains(secret)) }
        #expect(try t.store.verifyAudit() == .intact(rows: 7))
    }

    @Test("UPDATE and DELETE on audit_log are refused by triggers")
    func appendOnly() throws {
        let t = try populated()
        #expect(throws: DatabaseError.self) { try t.rawExecute("UPDATE audit_log SET actor = 'mallory' WHERE id = 2") }
        #expect(throws: DatabaseError.self) { try t.rawExecute("DELETE FROM audit_log WHERE id = 2") }
    }

    @Test("one changed byte in one row breaks verification at that row")
    func flippedByte() throws {
        let t = try populated()
        try t.rawExecute("DROP TRIGGER audit_log_append_only_update")
        try t.rawExecute("UPDATE audit_log SET detail = replace(detail, 'role support', 'role supporT') WHERE id = 6")
        guard case let .broken(id, _) = try t.store.verifyAudit() else { Issue.record("tampering not detected"); return }
        #expect(id == 6)
    }

    @Test("a deleted row breaks verification")
    func deletedRow() throws {
        let t = try populated()
        try t.rawExecute("DROP TRIGGER audit_log_append_only_delete")
        try t.rawExecute("DELETE FROM audit_log WHERE id = 3")
        guard case let .broken(id, _) = try t.store.verifyAudit() else { Issue.record("deletion not detected"); return }
        #expect(id == 4)
    }

    @Test("a reordered pair breaks verification")
    func reordered() throws {
        let t = try populated()
        try t.rawExecute("DROP TRIGGER audit_log_append_only_update")
        try t.rawExecute("UPDATE audit_log SET id = -2 WHERE id = 2; UPDATE audit_log SET id = 2 WHERE id = 3; UPDATE audit_log SET id = 3 WHERE id = -2")
        guard case let .broken(id, _) = try t.store.verifyAudit() else { Issue.record("reordering not detected"); return }
        #expect(id == 2)
    }

    @Test("an inserted row breaks verification")
    func inserted() throws {
        let t = try populated()
        try t.rawExecute("""
            INSERT INTO audit_log (id, at, actor, action, target, detail, prev_mac, mac)
            SELECT 8, at, 'mallory', 'staff.add', 'staff:mallory', 'role admin', mac, mac FROM audit_log WHERE id = 7
            """)
        guard case let .broken(id, _) = try t.store.verifyAudit() else { Issue.record("insertion not detected"); return }
        #expect(id == 8)
    }
}
