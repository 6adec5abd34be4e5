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

    /// fsyncs a directory so the entries created or renamed in it survive a power cut. False when it
    /// could not be opened or synced.
    static func syncDirectory(_ path: String) -> Bool {
        let directory = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else { return false }
        defer { close(directory) }
        return fsync(directory) == 0
    }

    /// The audit action a recovery kit is made under. Recovery kits come with a later change; until
    /// then none exists and rotation says so. Once they do, every kit made before a rotation holds the
    /// old wrapping, and the admin is told to make a new one.
    static let recoveryKitAction = "keys.recovery-kit"
}

extension SQLiteStore {
    /// Replaces the key-encryption key without downtime: a new key file is written beside the old one
    /// (0600), the data key is re-wrapped under it in one transaction, then the new file is renamed over
    /// the old path. The data key itself does not change, so every sealed value stays as it is, and
    /// processes already running (which hold the unwrapped data key) keep working. Audited.
    ///
    /// The new file's directory is fsynced before the commit: a power cut after the commit must not
    /// lose the only key that opens the re-wrapped data key. `syncDirectory` is that fsync (tests
    /// record when it runs).
    func rotateKeyFile(at keyFilePath: String, by actor: Staff, now: Date = Date(),
                       syncDirectory: (String) -> Bool = KeyRotation.syncDirectory) throws -> KeyRotationResult {
        try require(actor, .rotateKeys)
        let current = try KeyFile.load(path: keyFilePath, databasePath: path)
        let pending = KeyRotation.pendingPath(keyFilePath)
        if FileManager.default.fileExists(atPath: pending) {
            throw StoreError.keyFile(path: pending, problem: "exists from an earlier rotation; check which key the database uses before removing it")
        }
        let next = try KeyFile.create(path: pending, databasePath: path)
        let directory = (keyFilePath as NSString).deletingLastPathComponent
        var recoveryKit = false
        do {
            guard syncDirectory(directory) else {
                throw StoreError.keyFile(path: pending, problem: "its directory could not be synced to disk (\(String(cString: strerror(errno)))); nothing was rotated")
            }
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
                recoveryKit = try Bool.fetchOne(db, sql: "SELECT 1 FROM audit_log WHERE action = ? LIMIT 1",
                                                arguments: [KeyRotation.recoveryKitAction]) ?? false
            }
        } catch {
            unlink(pending)
            throw error
        }
        guard rename(pending, keyFilePath) == 0 else {
            throw StoreError.keyFile(path: keyFilePath, problem: "was not replaced (\(String(cString: strerror(errno)))); the database now uses \(pending): run mv \(pending) \(keyFilePath)")
        }
        // The rename must survive a crash as the vault row does.
        _ = syncDirectory(directory)
        return KeyRotationResult(oldFingerprint: current.fingerprint, newFingerprint: next.fingerprint, recoveryKitExists: recoveryKit)
    }
}
