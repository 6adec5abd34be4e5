import Foundation
#if canImport(Glibc)
import Glibc
#endif
import GRDB
import KamengDomain
import KamengStorage
import KamengVault

enum KeyRotation {
    static func pendingPath(_ keyFilePath: String) -> String { keyFilePath + ".new" }

    /// When a rotation committed but its final rename did not happen, the new key is still beside the old
    /// one: say so, instead of only "wrong key file".
    static func interruptedHint(keyFilePath: String, databasePath: String, expected: String) -> String {
        let pending = pendingPath(keyFilePath)
        guard let key = try? KeyFile.load(path: pending, databasePath: databasePath), key.fingerprint == expected else { return "" }
        return "; an interrupted `kameng keys rotate` left the new key at \(pending): run mv \(pending) \(keyFilePath)"
    }
}

extension SQLiteStore {
    /// Replaces the key-encryption key without downtime: a new key file is written beside the old one
    /// (0600), the data key is re-wrapped under it in one transaction, then the new file is renamed over
    /// the old path. The data key itself does not change, so every sealed value stays as it is, and
    /// processes already running (which hold the unwrapped data key) keep working. Audited.
    func rotateKeyFile(at keyFilePath: String, by actor: Staff, now: Date = Date()) throws -> KeyRotationResult {
        try require(actor, .rotateKeys)
        let current = try KeyFile.load(path: keyFilePath, databasePath: path)
        let pending = KeyRotation.pendingPath(keyFilePath)
        if FileManager.default.fileExists(atPath: pending) {
            throw StoreError.keyFile(path: pending, problem: "exists from an earlier rotation; check which key the database uses before removing it")
        }
        let next = try KeyFile.create(path: pending, databasePath: path)
        do {
            try dbWrite { db in
                guard let row = try Row.fetchOne(db, sql: "SELECT kek_fingerprint, wrapped_data_key FROM vault WHERE id = 1") else {
                    throw StoreError.notInitialised(path: path)
                }
                guard row["kek_fingerprint"] as String == current.fingerprint else {
                    throw StoreError.keyFile(path: keyFilePath, problem: "is no longer the database's key (rotated by another process?)")
                }
                let dataKey = try Vault.unwrap(row["wrapped_data_key"], with: current)
                try db.execute(sql: "UPDATE vault SET kek_fingerprint = ?, wrapped_data_key = ? WHERE id = 1",
                               arguments: [next.fingerprint, try Vault.wrap(dataKey: dataKey, with: next)])
                try appendAudit(db, actor: actor.userName, action: "keys.rotate", target: "store",
                                detail: "KEK \(current.fingerprint) → \(next.fingerprint)", at: now)
            }
        } catch {
            unlink(pending)
            throw error
        }
        guard rename(pending, keyFilePath) == 0 else {
            throw StoreError.keyFile(path: keyFilePath, problem: "was not replaced (\(String(cString: strerror(errno)))); the database now uses \(pending): run mv \(pending) \(keyFilePath)")
        }
        // The rename must survive a crash as the vault row does.
        let directory = Glibc.open((keyFilePath as NSString).deletingLastPathComponent, O_RDONLY | O_DIRECTORY)
        if directory >= 0 { fsync(directory); close(directory) }
        return KeyRotationResult(oldFingerprint: current.fingerprint, newFingerprint: next.fingerprint)
    }
}
