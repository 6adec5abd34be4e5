import Foundation
import KamengDomain
#if canImport(Glibc)
import Glibc
#endif
import KamengStorage

/// The audit chain's newest id and MAC as last known durable, kept outside the database: a chain that
/// ends before it (a deleted tail, a file rolled back to an older copy) or disagrees with it at its id
/// is tampering that the chain alone cannot show, since whoever holds the file can recompute nothing
/// but can cut. Beside the key file and owned by the service account, so whoever can replace the
/// database cannot also move this back. Docs/Decisions.md says when it may move.
package struct AuditAnchor: Equatable, Sendable {
    package var id: Int64
    package var mac: String

    package init(id: Int64, mac: String) {
        self.id = id
        self.mac = mac
    }
}

/// The anchor on disk: one line `kameng-anchor-v1 ID MAC SEAL`, SEAL an HMAC under the vault's anchor
/// subkey, so the file cannot be edited to match a cut chain. Advanced under an exclusive `flock` on a
/// lock file beside it, only forwards, by writing a temporary file, fsyncing it, renaming it over the
/// anchor and fsyncing the directory.
package enum AuditAnchorFile {
    static let header = "kameng-anchor-v1"

    /// `<key file>.anchor-<tag>`: one anchor per database even when databases share a key file.
    package static func path(keyFilePath: String, vault: Vault) -> String {
        keyFilePath + ".anchor-" + vault.anchorTag
    }

    static func seal(_ anchor: AuditAnchor, vault: Vault) -> String {
        var message: [UInt8] = []
        for field in [header, String(anchor.id), anchor.mac] {
            message.append(contentsOf: String(field.utf8.count).utf8)
            message.append(0x3A)
            message.append(contentsOf: field.utf8)
        }
        return Hex.string(vault.anchorMAC(message))
    }

    /// The anchor, nil when there is none yet; `.tampered` when the file is not one this vault sealed.
    package static func read(path: String, vault: Vault) throws(StoreError) -> AuditAnchor? {
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw .tampered("the audit anchor \(path) cannot be read (\(String(cString: strerror(errno))))")
        }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        let text = count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : ""
        let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ").map(String.init)
        guard parts.count == 4, parts[0] == header, let id = Int64(parts[1]), id > 0 else {
            throw .tampered("the audit anchor \(path) is not an anchor file")
        }
        let anchor = AuditAnchor(id: id, mac: parts[2])
        guard TOTP.constantTimeEqual(seal(anchor, vault: vault), parts[3]) else {
            throw .tampered("the audit anchor \(path) does not carry its own MAC (edited, or another database's)")
        }
        return anchor
    }

    /// Moves the anchor to `anchor` if it is further on than the one on disk (or there is none), under
    /// the lock; `isContinuation` decides, given the anchor found, whether it is part of the same chain.
    /// Returns whether it wrote. Failures leave the anchor where it was: lagging is safe, leading is not.
    @discardableResult
    package static func advance(path: String, vault: Vault, to anchor: AuditAnchor,
                                isContinuation: (AuditAnchor) -> Bool = { _ in true }) -> Bool {
        let lock = open(path + ".lock", O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard lock >= 0 else { return false }
        defer { close(lock) }
        guard flock(lock, LOCK_EX) == 0 else { return false }
        defer { flock(lock, LOCK_UN) }
        let current: AuditAnchor?
        do { current = try read(path: path, vault: vault) } catch { return false }
        if let current {
            guard current.id < anchor.id, isContinuation(current) else { return false }
        }
        let line = "\(header) \(anchor.id) \(anchor.mac) \(seal(anchor, vault: vault))\n"
        let temporary = path + ".tmp"
        unlink(temporary)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return false }
        let bytes = Array(line.utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        close(fd)
        guard written == bytes.count, synced, rename(temporary, path) == 0 else {
            unlink(temporary)
            return false
        }
        let directory = open((path as NSString).deletingLastPathComponent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
        return true
    }
}
