import Foundation
import KamengDomain
import GRDB
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage
import KamengVault

@Suite("Secrets at rest")
struct CanaryTests {
    /// Every encoding a careless implementation might leave a secret in.
    static func encodings(of secret: String) -> [Data] {
        let bytes = Data(secret.utf8)
        let hexLower = bytes.map { String(format: "%02x", $0) }.joined()
        return [bytes, Data(hexLower.utf8), Data(hexLower.uppercased().utf8), Data(bytes.base64EncodedString().utf8),
                Data(bytes.base64EncodedString().dropLast(2).utf8)]
    }

    @Test("imported canaries appear in no database file, in plain, hex or base64")
    func noPlaintextOnDisk() throws {
        let t = try TestStore()
        try t.addProduct()
        let canaries = (0..<200).map { "CANARY\($0)ZQXJ\(UUID().uuidString.prefix(8))" }
        let numbers = (0..<200).map { "88\(String(format: "%012d", $0 * 7919))" }
        _ = try t.importKeys(canaries, numbers: numbers)
        // Check the WAL before and after a checkpoint: both states are on disk at some point.
        for phase in ["before checkpoint", "after checkpoint"] {
            for suffix in ["", "-wal", "-shm"] {
                guard let contents = FileManager.default.contents(atPath: t.databasePath + suffix) else { continue }
                for canary in canaries + numbers {
                    for needle in Self.encodings(of: canary) {
                        #expect(contents.range(of: needle) == nil, "\(phase): canary found in kameng.sqlite\(suffix)")
                    }
                }
            }
            try t.store.checkpoint()
        }
        // The store itself can still open them (through the internal path the audited reveal will use).
        let opened = try t.store.openSecret(keyId: 1)
        #expect(opened.secret == canaries[0])
        #expect(opened.number == numbers[0])
    }

    @Test("a copy of the database without the key file yields no secret")
    func noKeyNoSecret() throws {
        let t = try TestStore()
        try t.addProduct()
        _ = try t.importKeys(["SECRET-ONLY-WITH-KEY-1"])
        try t.store.checkpoint()
        // Whoever copies the database reads rows, but a sealed value is ciphertext and the data key is wrapped.
        let queue = try DatabaseQueue(path: t.databasePath)
        let sealed = try queue.read { db in try Data.fetchOne(db, sql: "SELECT sealed FROM card_keys") }
        let wrapped = try queue.read { db in try Data.fetchOne(db, sql: "SELECT wrapped_data_key FROM vault") }
        #expect(sealed.map { $0.range(of: Data("SECRET-ONLY-WITH-KEY".utf8)) == nil } == true)
        #expect(wrapped?.count == 12 + 32 + 16)
        // And with a different key file the store will not open at all.
        let other = t.root + "/other/other.key"
        _ = try KeyFile.create(path: other, databasePath: nil)
        #expect(throws: StoreError.self) { _ = try SQLiteStore.open(at: t.databasePath, keyFilePath: other) }
    }

    @Test("a sealed value moved to another row does not open")
    func rowBinding() throws {
        let t = try TestStore()
        try t.addProduct()
        _ = try t.importKeys(["FIRST-SECRET-AAAA", "SECOND-SECRET-BBBB"])
        try t.rawExecute("UPDATE card_keys SET sealed = (SELECT sealed FROM card_keys WHERE id = 2) WHERE id = 1")
        #expect(throws: StoreError.self) { _ = try t.store.openSecret(keyId: 1) }
        #expect(try t.store.openSecret(keyId: 2).secret == "SECOND-SECRET-BBBB")
    }

    @Test("duplicates are found by keyed digest, in the file and across the store")
    func dedup() throws {
        let t = try TestStore()
        try t.addProduct()
        try t.addProduct(sku: "OTHER")
        let first = try t.importKeys(["A1", "B2", "A1", "C3"])
        #expect(first.accepted == 3)
        #expect(first.duplicateInFile == 1)
        #expect(first.duplicates == [DuplicateLine(line: 3, firstLine: 1, inStore: false)])
        let second = try t.importKeys(["C3", "D4"], sku: "OTHER")
        #expect(second.accepted == 1)
        #expect(second.duplicateInStore == 1)
        let digests = try t.store.pool.read { db in try Data.fetchAll(db, sql: "SELECT digest FROM card_keys") }
        #expect(digests.allSatisfy { $0.count == 32 })
        #expect(!digests.contains(Data(SHA256Probe.hash("A1"))), "digest must be keyed, not a plain SHA-256")
    }
}

import Crypto
enum SHA256Probe {
    static func hash(_ text: String) -> [UInt8] { Array(SHA256.hash(data: Data(text.utf8))) }
}
