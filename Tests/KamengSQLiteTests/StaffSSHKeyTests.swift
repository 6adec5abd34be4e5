import Foundation
import GRDB
import KamengDomain
import KamengProcess
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage
import KamengVault

/// SSH keys bound to staff in a real database file: one person per key, removal, and taking staff out.
@Suite("Staff SSH keys")
struct StaffSSHKeyTests {
    static let olgaKey = try! SSHPublicKey.parse("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGRppkve/2U37LjpXhmAzcc6/dJBeshVsZOJeD/KkrLy olga@laptop")
    static let samKey = try! SSHPublicKey.parse("ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBOZDN/GPxR+esM72ie0XFEpzH5knLbwBtlHbg1aFbtvwg/Eeecw9uh0Ih3jej02ePbg1aG4BjGjB8ucYuL5CnQE= sam")

    func addStaff(_ t: TestStore, _ name: String, role: Role, keys: [SSHPublicKey]) throws -> Staff {
        let (code, now) = try t.stepUp(t.admin)
        return try t.store.addStaff(userName: name, role: role, sshKeys: keys, by: t.admin, stepUp: code, now: now)
    }

    @Test("the fingerprint is exactly what ssh-keygen -lf prints for a freshly generated key")
    func fingerprintMatchesSSHKeygen() throws {
        let dir = NSTemporaryDirectory() + "kameng-fp-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for type in ["ed25519", "ecdsa", "rsa"] {
            let keyPath = dir + "/id_" + type
            let made = try ChildProcess.run("ssh-keygen", ["-q", "-t", type, "-N", "", "-C", "t@x", "-f", keyPath])
            #expect(made.status == 0, "ssh-keygen: \(made.stderr)")
            let listed = try ChildProcess.run("ssh-keygen", ["-lf", keyPath + ".pub"]).stdout
            let expected = try #require(listed.split(separator: " ").dropFirst().first.map(String.init))
            let key = try SSHPublicKey.parse(try String(contentsOfFile: keyPath + ".pub", encoding: .utf8))
            #expect(key.fingerprint == expected, "\(type)")
        }
    }

    @Test("staff add with a key stores it with its fingerprint and audits both in one go; list shows it")
    func addWithKey() throws {
        let t = try TestStore()
        _ = try addStaff(t, "olga", role: .operator, keys: [Self.olgaKey])
        let keys = try t.store.sshKeys(of: "olga", by: t.admin)
        #expect(keys.map(\.fingerprint) == [Self.olgaKey.fingerprint] && keys.first?.comment == "olga@laptop")
        #expect(try t.store.activeSSHKeys(by: t.admin).map(\.staffName) == ["olga"])
        let actions = try t.store.auditTail(limit: 2).map { "\($0.action) \($0.target) \($0.detail)" }
        #expect(actions == ["staff.key.add staff:olga ssh-ed25519 \(Self.olgaKey.fingerprint)", "staff.add staff:olga role operator"])
    }

    @Test("a key bound to one person is refused for another, naming the holder, and nothing of the second add is written")
    func duplicateAcrossStaff() throws {
        let t = try TestStore()
        _ = try addStaff(t, "olga", role: .operator, keys: [Self.olgaKey])
        #expect(throws: StoreError.duplicate(.sshKey(fingerprint: Self.olgaKey.fingerprint, staff: "olga"))) {
            _ = try addStaff(t, "sam", role: .support, keys: [Self.olgaKey])
        }
        #expect(throws: StoreError.unknownStaff(user: "sam")) { _ = try t.store.staff(userName: "sam") }
        _ = try addStaff(t, "sam", role: .support, keys: [])
        let (code, now) = try t.stepUp(t.admin)
        #expect(throws: StoreError.duplicate(.sshKey(fingerprint: Self.olgaKey.fingerprint, staff: "olga"))) {
            _ = try t.store.addSSHKey(Self.olgaKey, to: "sam", by: t.admin, stepUp: code, now: now)
        }
        // The blob is unique in the table itself, whatever a future code path forgets to check.
        #expect(throws: DatabaseError.self) {
            try t.rawExecute("INSERT INTO staff_ssh_keys (staff_id, key_type, key_base64, fingerprint, added_at) SELECT id, 'ssh-ed25519', '\(Self.olgaKey.base64)', 'x', '' FROM staff WHERE user_name = 'sam'")
        }
    }

    @Test("removing a key by fingerprint deletes it and audits it; an unknown fingerprint is not found")
    func removeKey() throws {
        let t = try TestStore()
        _ = try addStaff(t, "olga", role: .operator, keys: [Self.olgaKey, Self.samKey])
        var (code, now) = try t.stepUp(t.admin)
        try t.store.removeSSHKey(fingerprint: Self.olgaKey.fingerprint, from: "olga", by: t.admin, stepUp: code, now: now)
        #expect(try t.store.sshKeys(of: "olga", by: t.admin).map(\.fingerprint) == [Self.samKey.fingerprint])
        #expect(try t.store.auditTail(limit: 1).map(\.action) == ["staff.key.remove"])
        (code, now) = try t.stepUp(t.admin)
        #expect(throws: StoreError.notFound(.sshKey(fingerprint: Self.olgaKey.fingerprint, staff: "olga"))) {
            try t.store.removeSSHKey(fingerprint: Self.olgaKey.fingerprint, from: "olga", by: t.admin, stepUp: code, now: now)
        }
    }

    @Test("disable keeps the keys but drops them from the active set; remove deletes them; both keep the row and audit")
    func disableAndRemove() throws {
        let t = try TestStore()
        _ = try addStaff(t, "olga", role: .operator, keys: [Self.olgaKey])
        _ = try addStaff(t, "sam", role: .support, keys: [Self.samKey])
        var (code, now) = try t.stepUp(t.admin)
        try t.store.disableStaff(userName: "olga", by: t.admin, stepUp: code, now: now)
        #expect(throws: StoreError.unknownStaff(user: "olga")) { _ = try t.store.staff(userName: "olga") }
        #expect(try t.store.activeSSHKeys(by: t.admin).map(\.staffName) == ["sam"])
        #expect(try t.store.sshKeys(of: "olga", by: t.admin).count == 1)
        (code, now) = try t.stepUp(t.admin)
        try t.store.removeStaff(userName: "sam", by: t.admin, stepUp: code, now: now)
        #expect(try t.store.activeSSHKeys(by: t.admin).isEmpty)
        #expect(try t.store.sshKeys(of: "sam", by: t.admin).isEmpty)
        #expect(try t.store.allStaff().filter { !$0.active }.map(\.userName) == ["olga", "sam"])
        let audit = try t.store.auditTail(limit: 2).map { "\($0.action) \($0.target) \($0.detail)" }
        #expect(audit == ["staff.remove staff:sam was support, 1 SSH key(s) deleted", "staff.disable staff:olga was operator"])
        #expect(try t.store.verifyAudit() == .intact(rows: try t.store.auditTail(limit: 100).count))
    }

    @Test("only an admin with a fresh code changes keys or staff, and nobody takes themselves out")
    func permissions() throws {
        let t = try TestStore()
        let olga = try addStaff(t, "olga", role: .operator, keys: [])
        #expect(throws: StoreError.forbidden(user: "olga (operator)", action: Permission.manageStaff.rawValue)) {
            _ = try t.store.addSSHKey(Self.samKey, to: "olga", by: olga, stepUp: nil)
        }
        #expect(throws: StoreError.forbidden(user: "olga (operator)", action: Permission.manageStaff.rawValue)) {
            _ = try t.store.activeSSHKeys(by: olga)
        }
        #expect(try t.store.sshKeys(of: "olga", by: olga).isEmpty, "one's own keys may be listed")
        #expect(throws: StoreError.stepUpRequired(action: Permission.manageStaff.rawValue)) {
            try t.store.removeStaff(userName: "olga", by: t.admin, stepUp: nil)
        }
        #expect(throws: StoreError.wrongState(.staff(user: "alice"), state: "you", action: "remove yourself")) {
            try t.store.removeStaff(userName: "alice", by: t.admin, stepUp: nil)
        }
    }

    @Test("a key inserted or re-pointed in SQL is refused when the block is built, and audit verify names it")
    func keyRowsAreSealed() throws {
        let t = try TestStore()
        _ = try addStaff(t, "olga", role: .operator, keys: [Self.olgaKey])
        _ = try addStaff(t, "sam", role: .support, keys: [])
        #expect(try t.store.verifyAudit() == .intact(rows: try t.store.auditTail(limit: 100).count))
        // Someone with the database file binds olga's key to sam instead.
        try t.rawExecute("UPDATE staff_ssh_keys SET staff_id = (SELECT id FROM staff WHERE user_name = 'sam')")
        #expect(throws: StoreError.tampered("SSH key \(Self.olgaKey.fingerprint) was altered outside Kameng")) {
            _ = try t.store.activeSSHKeys(by: t.admin)
        }
        #expect(try t.store.verifyAudit() == .altered(rows: ["SSH key \(Self.olgaKey.fingerprint) was altered outside Kameng"]))
    }
}
