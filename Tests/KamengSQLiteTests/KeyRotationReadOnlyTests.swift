import Foundation
import GRDB
import KamengDomain
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage
import KamengVault

@Suite("Key rotation and read-only sessions")
struct KeyRotationReadOnlyTests {
    @Test("rotation: the old key file no longer opens the database, the new one does, every secret still opens, a running session keeps working")
    func rotate() throws {
        let t = try TestStore()
        let product = try t.addProduct()
        let station = try t.addSubstation()
        try t.importKeys(["ROTATE-SECRET-1", "ROTATE-SECRET-2"])
        let order = try t.store.createOrder(t.order("R1", product: product, station: station))
        _ = try t.store.payAndDeliver(orderId: order, amount: Money(fen: 9_900), method: .alipay, txn: "R1")
        let oldCopy = t.root + "/old/master.key"
        try FileManager.default.createDirectory(atPath: t.root + "/old", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: t.keyFilePath, toPath: oldCopy)
        let running = try SQLiteStore.open(at: t.databasePath, keyFilePath: t.keyFilePath)   // another process, already up

        let result = try t.store.rotateKeyFile(at: t.keyFilePath, by: t.admin)
        #expect(result.oldFingerprint != result.newFingerprint)
        #expect(!FileManager.default.fileExists(atPath: t.keyFilePath + ".new"))
        let mode = try FileManager.default.attributesOfItem(atPath: t.keyFilePath)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        let refused = #expect(throws: StoreError.self) { _ = try SQLiteStore.open(at: t.databasePath, keyFilePath: oldCopy) }
        #expect(refused?.description.contains("is not the key this database was created with") == true)
        let reopened = try SQLiteStore.open(at: t.databasePath, keyFilePath: t.keyFilePath)
        #expect(try reopened.openSecret(keyId: 1).secret == "ROTATE-SECRET-1")
        #expect(try reopened.openSecret(keyId: 2).secret == "ROTATE-SECRET-2")
        #expect(try running.openSecret(keyId: 1).secret == "ROTATE-SECRET-1", "a session opened before the rotation holds the same data key")
        let (code, now) = try t.stepUp(t.admin)
        #expect(try running.revealKeys(orderId: order, reason: "after rotation", by: t.admin, stepUp: code, now: now).first?.secret == "ROTATE-SECRET-1")
        #expect(try reopened.verifyAudit() == .intact(rows: try reopened.auditTail(limit: 1000).count))
        #expect(try reopened.auditTail(limit: 10).contains { $0.action == "keys.rotate" && $0.detail == "KEK \(result.oldFingerprint) → \(result.newFingerprint)" })
    }

    @Test("an interrupted rotation (committed, not renamed) is explained when the old file is used")
    func interruptedHint() throws {
        let t = try TestStore()
        let saved = t.root + "/old/master.key"
        try FileManager.default.createDirectory(atPath: t.root + "/old", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: t.keyFilePath, toPath: saved)
        _ = try t.store.rotateKeyFile(at: t.keyFilePath, by: t.admin)
        // Simulate the crash: the new key sits at .new, the old one is back at the path.
        try FileManager.default.moveItem(atPath: t.keyFilePath, toPath: t.keyFilePath + ".new")
        try FileManager.default.copyItem(atPath: saved, toPath: t.keyFilePath)
        let error = #expect(throws: StoreError.self) { _ = try SQLiteStore.open(at: t.databasePath, keyFilePath: t.keyFilePath) }
        #expect(error?.description.contains("mv \(t.keyFilePath).new \(t.keyFilePath)") == true)
    }

    @Test("a key file that breaks the policy is refused with what to fix", arguments: ["mode", "symlink", "beside"])
    func keyFilePolicy(problem: String) throws {
        let t = try TestStore()
        var path = t.keyFilePath
        switch problem {
        case "mode": chmod(path, 0o644)
        case "symlink":
            path = t.root + "/keys/link.key"
            symlink(t.keyFilePath, path)
        default:
            path = t.root + "/db/master.key"
            try FileManager.default.copyItem(atPath: t.keyFilePath, toPath: path)
        }
        let error = #expect(throws: StoreError.self) { _ = try SQLiteStore.open(at: t.databasePath, keyFilePath: path) }
        let expected = ["mode": "chmod 600", "symlink": "symbolic link", "beside": "database's directory"][problem]!
        #expect(error?.description.contains(expected) == true, "\(String(describing: error))")
    }

    @Test("a read-only session reads, and every changing method refuses with a clear error")
    func readOnly() throws {
        let t = try TestStore()
        let product = try t.addProduct()
        let station = try t.addSubstation()
        try t.importKeys(["RO-1", "RO-2"])
        let order = try t.store.createOrder(t.order("RO1", product: product, station: station, status: .paid))
        let (code, now) = try t.stepUp(t.admin)
        let ro = try SQLiteStore.open(at: t.databasePath, keyFilePath: t.keyFilePath, readOnly: true)
        #expect(ro.isReadOnly)
        #expect(try ro.products().count == 1)
        #expect(try ro.recentOrders().count == 1)
        #expect(try ro.verifyAudit(by: t.admin) == ro.verifyAudit())
        let admin = try ro.staff(userName: "alice")
        let attempts: [(String, () throws -> Void)] = [
            ("add product", { _ = try ro.addProduct(product, by: admin) }),
            ("add staff", { _ = try ro.addStaff(userName: "bob", role: .support, by: admin, stepUp: code, now: now) }),
            ("import", { try t.importKeysInto(ro, admin) }),
            ("void", { _ = try ro.voidBatch(id: 1, by: admin, stepUp: code, now: now) }),
            ("deliver", { _ = try ro.deliver(orderId: order) }),
            ("deliver manually", { _ = try ro.deliverManually(orderId: order, by: admin) }),
            ("refund", { try ro.refund(orderId: order, by: admin, stepUp: code, now: now) }),
            ("reveal", { _ = try ro.revealKeys(orderId: order, reason: "ticket 1", by: admin, stepUp: code, now: now) }),
            ("export", { _ = try ro.exportKeys(.batch(id: 1), reason: "return 1", by: admin, stepUp: code, now: now) }),
            ("create order", { _ = try ro.createOrder(t.order("RO2", product: product, station: station)) }),
            ("pay", { _ = try ro.recordPayment(orderId: order, amount: Money(fen: 1), method: .alipay, txn: "X") }),
            ("enrol", { _ = try ro.enrolTOTP(for: admin) }),
            ("rotate", { _ = try ro.rotateKeyFile(at: t.keyFilePath, by: admin) }),
            ("settings", { try ro.setSecuritySettings(.defaults, by: admin, stepUp: code, now: now) }),
            ("substation", { try ro.setSubstationStatus(code: "sh-test", to: .suspended, by: admin) }),
            ("approve", { try ro.approveHeld(orderId: order, by: admin) }),
        ]
        for (name, attempt) in attempts {
            let error = #expect(throws: StoreError.self, "\(name)") { try attempt() }
            guard case .readOnly? = error else { Issue.record("\(name): \(String(describing: error))"); continue }
            #expect(error?.description.hasPrefix("read-only session (--readonly)") == true)
        }
        #expect(try t.store.order(id: order).status == .paid, "nothing changed")
    }
}

extension TestStore {
    func importKeysInto(_ store: SQLiteStore, _ actor: Staff) throws {
        _ = try store.importKeys([CardKeyPlaintext(number: nil, secret: "RO-NEW", sourceLine: 1)], productSKU: "QQ-100",
                                 source: ImportSource(fileName: "ro.txt", contentDigest: "ro"), by: actor)
    }
}
