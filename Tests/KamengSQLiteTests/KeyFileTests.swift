import Foundation
import KamengDomain
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage
import KamengVault

@Suite("Key file policy")
struct KeyFileTests {
    @Test("the key file and the database files are created 0600, the key outside the database directory")
    func createdPrivate() throws {
        let t = try TestStore()
        let attributes = try FileManager.default.attributesOfItem(atPath: t.keyFilePath)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        // The database holds only sealed secrets, but its files are still private to their owner.
        for suffix in ["", "-wal", "-shm"] {
            let mode = try FileManager.default.attributesOfItem(atPath: t.databasePath + suffix)[.posixPermissions] as? NSNumber
            #expect(mode?.intValue == 0o600, "kameng.sqlite\(suffix) mode \(String(mode?.intValue ?? 0, radix: 8))")
        }
    }

    @Test("a key file readable by group or others is refused, naming the fix")
    func groupReadable() throws {
        let t = try TestStore()
        chmod(t.keyFilePath, 0o640)
        let error = #expect(throws: StoreError.self) { _ = try SQLiteStore.open(at: t.databasePath, keyFilePath: t.keyFilePath) }
        #expect(error?.description.contains("chmod 600") == true)
        chmod(t.keyFilePath, 0o604)
        #expect(throws: StoreError.self) { _ = try SQLiteStore.open(at: t.databasePath, keyFilePath: t.keyFilePath) }
        chmod(t.keyFilePath, 0o600)
        _ = try SQLiteStore.open(at: t.databasePath, keyFilePath: t.keyFilePath)
    }

    @Test("a symlinked key file is refused")
    func symlink() throws {
        let t = try TestStore()
        let link = t.root + "/keys/link.key"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: t.keyFilePath)
        let error = #expect(throws: StoreError.self) { _ = try SQLiteStore.open(at: t.databasePath, keyFilePath: link) }
        #expect(error?.description.contains("symbolic link") == true)
    }

    @Test("a key file in the database's directory is refused")
    func besideDatabase() throws {
        let t = try TestStore()
        let beside = t.root + "/db/master.key"
        try FileManager.default.copyItem(atPath: t.keyFilePath, toPath: beside)
        chmod(beside, 0o600)
        let error = #expect(throws: StoreError.self) { _ = try SQLiteStore.open(at: t.databasePath, keyFilePath: beside) }
        #expect(error?.description.contains("database's directory") == true)
    }

    @Test("another key file does not open the database")
    func wrongKey() throws {
        let t = try TestStore()
        let other = t.root + "/other/other.key"
        _ = try KeyFile.create(path: other, databasePath: nil)
        let error = #expect(throws: StoreError.self) { _ = try SQLiteStore.open(at: t.databasePath, keyFilePath: other) }
        #expect(error?.description.contains("not the key this database was created with") == true)
    }
}
