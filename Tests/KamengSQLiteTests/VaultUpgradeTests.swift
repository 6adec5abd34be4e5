@preconcurrency import Crypto
import Foundation
import GRDB
import KamengDomain
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage
import KamengVault

/// The upgrades that need the vault (issue 16): a database from before them is re-sealed in batches
/// (resumable after a kill), its power rows get MACs and its content digests are keyed, each once.
@Suite("Vault upgrades: re-seal, power-row MACs, keyed content digests")
struct VaultUpgradeTests {
    /// A store made as one from before the upgrades: no record of them, `keys` card keys sealed the old way
    /// (version 1: bound to their digest only), power rows without MACs, one batch with a plain SHA-256.
    static func legacyStore(keys: Int, root: String) throws -> (path: String, keyFile: String, plainDigest: String, file: URL) {
        try FileManager.default.createDirectory(atPath: root + "/db", withIntermediateDirectories: true)
        let path = root + "/db/kameng.sqlite", keyFile = root + "/keys/master.key"
        let store = try SQLiteStore.create(at: path, keyFilePath: keyFile, adminUser: "alice", connection: ConnectionOptions(), markUpgraded: false)
        let admin = try store.staff(userName: "alice")
        _ = try store.addProduct(Product(sku: "QQ-100", name: "Q币", category: .gameCard, faceValue: Money(fen: 100), cost: Money(fen: 90),
                                     prices: MemberPrices(retail: Money(fen: 99), vip: Money(fen: 98), agent: Money(fen: 97)),
                                     lowStockThreshold: 0, reusable: false), by: admin)
        let file = URL(fileURLWithPath: root + "/keys.txt")
        try (0..<keys).map { "LEGACY-SECRET-\($0)-XYZ" }.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        _ = try store.importFile(FileImportRequest(file: file, productSKU: "QQ-100"), by: admin)
        let plain = try SQLiteStore.contentDigest(of: file)
        try store.pool.writeWithoutTransaction { db in
            for row in try Row.fetchAll(db, sql: "SELECT \(SQLiteStore.sealedKeyColumns) FROM card_keys") {
                let (number, secret) = try store.openCardKey(row)
                let v1 = try store.vault.seal(SealedCardKey.plaintext(number: number, secret: secret), context: SealedCardKey.context(digest: row["digest"]))
                try db.execute(sql: "UPDATE card_keys SET sealed = ?, seal_version = 1 WHERE id = ?", arguments: [v1, row["id"] as Int64])
            }
            try db.execute(sql: "UPDATE staff SET row_mac = NULL")
            try db.execute(sql: "UPDATE import_batches SET content_digest = ?, digest_keyed = 0", arguments: [plain])
        }
        try store.closeDatabase()
        return (path, keyFile, plain, file)
    }

    static func count(_ store: SQLiteStore, _ sql: String) throws -> Int {
        try store.pool.read { db in try Int.fetchOne(db, sql: sql) ?? -1 }
    }

    @Test("the re-seal runs in batches, survives a kill between them, finishes once, and then refuses version-1 blobs")
    func resealResumes() throws {
        let root = NSTemporaryDirectory() + "kameng-reseal-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let legacy = try Self.legacyStore(keys: 25, root: root)
        // Opened read-only first: nothing changes, so the batches below start from version 1.
        let old = try SQLiteStore.open(at: legacy.path, keyFilePath: legacy.keyFile, readOnly: true)
        let v1Blob = try old.pool.read { db in try Data.fetchOne(db, sql: "SELECT sealed FROM card_keys WHERE id = 20") }!
        try old.closeDatabase()

        // The first open's upgrade, killed after one batch of 10: simulated by stopping it there.
        let writer = try Self.openWithoutUpgrades(legacy)
        try writer.completeVaultUpgrades(batchSize: 10, maxBatches: 1)
        #expect(try Self.count(writer, "SELECT count(*) FROM card_keys WHERE seal_version = 1") == 15)
        #expect(try Self.count(writer, "SELECT count(*) FROM audit_log WHERE action = 'vault.reseal.done'") == 0)
        try writer.upgrades.load(writer)
        // Until it has finished, version-1 keys still open.
        #expect(try writer.openSecret(keyId: 20).secret == "LEGACY-SECRET-19-XYZ")
        try writer.closeDatabase()

        // The next open finishes it and records it, once.
        let reopened = try SQLiteStore.open(at: legacy.path, keyFilePath: legacy.keyFile)
        defer { try? reopened.closeDatabase() }
        #expect(try Self.count(reopened, "SELECT count(*) FROM card_keys WHERE seal_version = 1") == 0)
        #expect(try Self.count(reopened, "SELECT count(*) FROM audit_log WHERE action = 'vault.reseal.done'") == 1)
        for id in Int64(1)...25 { #expect(try reopened.openSecret(keyId: id).secret == "LEGACY-SECRET-\(id - 1)-XYZ") }
        #expect(try reopened.verifyAudit() == .intact(rows: try Self.count(reopened, "SELECT count(*) FROM audit_log")))

        // An old version-1 blob copied back in (from a backup) is now refused, not re-sealed by the next open.
        try reopened.pool.writeWithoutTransaction { db in
            try db.execute(sql: "UPDATE card_keys SET sealed = ?, seal_version = 1 WHERE id = 20", arguments: [v1Blob])
        }
        let again = try SQLiteStore.open(at: legacy.path, keyFilePath: legacy.keyFile)
        defer { try? again.closeDatabase() }
        #expect(try Self.count(again, "SELECT count(*) FROM card_keys WHERE seal_version = 1") == 1)
        let error = #expect(throws: StoreError.self) { _ = try again.openSecret(keyId: 20) }
        #expect(error?.description.contains("tampered") == true, "\(String(describing: error))")
    }

    /// Opens without running the upgrades (as the first moments of an open that is then killed).
    static func openWithoutUpgrades(_ legacy: (path: String, keyFile: String, plainDigest: String, file: URL)) throws -> SQLiteStore {
        let keyFile = try KeyFile.load(path: legacy.keyFile, databasePath: legacy.path)
        let pool = try SQLiteStore.openPool(path: legacy.path)
        let wrapped = try pool.read { db in try Data.fetchOne(db, sql: "SELECT wrapped_data_key FROM vault WHERE id = 1") }!
        return SQLiteStore(path: legacy.path, pool: pool, vault: Vault(dataKey: try Vault.unwrap(wrapped, with: keyFile)), keyFilePath: legacy.keyFile)
    }

    @Test("power rows get their MACs once on upgrade; after that a missing MAC is tampering")
    func powerRowsBackfilled() throws {
        let root = NSTemporaryDirectory() + "kameng-powerrows-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let legacy = try Self.legacyStore(keys: 3, root: root)
        let store = try SQLiteStore.open(at: legacy.path, keyFilePath: legacy.keyFile)
        defer { try? store.closeDatabase() }
        #expect(try Self.count(store, "SELECT count(*) FROM staff WHERE row_mac IS NULL") == 0)
        #expect(try store.staff(userName: "alice").role == .admin)
        #expect(try Self.count(store, "SELECT count(*) FROM audit_log WHERE action = 'vault.power_rows.sealed'") == 1)
        try store.pool.writeWithoutTransaction { db in try db.execute(sql: "UPDATE staff SET row_mac = NULL, role = 'admin'") }
        let reopened = try SQLiteStore.open(at: legacy.path, keyFilePath: legacy.keyFile)
        defer { try? reopened.closeDatabase() }
        #expect(throws: StoreError.self) { _ = try reopened.staff(userName: "alice") }
    }

    @Test("the content digest is keyed: not the file's SHA-256, converted on upgrade, and a re-import is still recognised")
    func keyedContentDigest() throws {
        let root = NSTemporaryDirectory() + "kameng-digest-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: root) }
        let legacy = try Self.legacyStore(keys: 3, root: root)
        let store = try SQLiteStore.open(at: legacy.path, keyFilePath: legacy.keyFile)
        defer { try? store.closeDatabase() }
        let stored = try store.pool.read { db in try String.fetchOne(db, sql: "SELECT content_digest FROM import_batches") }
        let sha256 = Hex.string(SHA256.hash(data: try Data(contentsOf: legacy.file)))
        #expect(legacy.plainDigest == sha256)
        #expect(stored != nil && stored != sha256 && stored?.count == 64)
        let admin = try store.staff(userName: "alice")
        let error = #expect(throws: StoreError.self) { _ = try store.importFile(FileImportRequest(file: legacy.file, productSKU: "QQ-100"), by: admin) }
        guard case .alreadyImported(_, let batches)? = error else { Issue.record("re-import not recognised: \(String(describing: error))"); return }
        #expect(batches == [1])

        // A new import stores the keyed form too.
        let other = URL(fileURLWithPath: root + "/other.txt")
        try "NEW-SECRET-AAA-1\nNEW-SECRET-BBB-2\n".write(to: other, atomically: true, encoding: .utf8)
        _ = try store.importFile(FileImportRequest(file: other, productSKU: "QQ-100"), by: admin)
        let newer = try store.pool.read { db in try String.fetchOne(db, sql: "SELECT content_digest FROM import_batches WHERE id = 2") }
        #expect(newer != Hex.string(SHA256.hash(data: try Data(contentsOf: other))))
    }

    @Test("a database without an anchor gets one on open (0600, beside the key file); a forged anchor is reported")
    func anchorCreatedAndChecked() throws {
        let t = try TestStore()
        try t.addProduct()
        let anchor = try #require(t.store.anchorPath)
        #expect(anchor.hasPrefix(t.keyFilePath + ".anchor-"))
        let mode = try FileManager.default.attributesOfItem(atPath: anchor)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let text = try String(contentsOfFile: anchor, encoding: .utf8)
        let last = try Self.count(t.store, "SELECT max(id) FROM audit_log")
        #expect(text.hasPrefix("kameng-anchor-v1 \(last) "))
        try FileManager.default.removeItem(atPath: anchor)
        let reopened = try SQLiteStore.open(at: t.databasePath, keyFilePath: t.keyFilePath)
        defer { try? reopened.closeDatabase() }
        #expect(FileManager.default.fileExists(atPath: anchor))
        // Edited to claim fewer rows (to match a cut chain): its own MAC gives it away.
        let edited = try String(contentsOfFile: anchor, encoding: .utf8).replacingOccurrences(of: "v1 \(last) ", with: "v1 \(last - 1) ")
        try edited.write(toFile: anchor, atomically: true, encoding: .utf8)
        guard case let .broken(_, reason) = try reopened.verifyAudit() else { Issue.record("a forged anchor verified"); return }
        #expect(reason.contains("does not carry its own MAC"), "\(reason)")
    }
}
