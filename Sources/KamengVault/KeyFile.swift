@preconcurrency import Crypto
import Foundation
import KamengDomain
#if canImport(Glibc)
import Glibc
#endif
import KamengStorage

/// The key-encryption key (KEK) on disk: 32 random bytes in a file only its owner can read,
/// kept away from the database so that a copied database yields no secret.
public struct KeyFile: Sendable {
    public let path: String
    package let key: SymmetricKey

    /// A short fingerprint naming this KEK in the database, so a wrong key file is reported as such.
    public var fingerprint: String {
        let digest = SHA256.hash(data: Data("kameng.kek.fingerprint.v1".utf8) + key.withUnsafeBytes { Data($0) })
        return Hex.string(digest.prefix(8))
    }

    package static let header = "kameng-kek-v1 "

    /// Reads the key file after checking its policy: a regular file (not a symlink) owned by this user,
    /// readable by nobody else, and not inside the database's directory.
    public static func load(path: String, databasePath: String?) throws(StoreError) -> KeyFile {
        try checkPolicy(path: path, databasePath: databasePath)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw .keyFile(path: path, problem: "cannot be read")
        }
        let body = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard body.hasPrefix(header), let bytes = Data(base64Encoded: String(body.dropFirst(header.count))), bytes.count == 32 else {
            throw .keyFile(path: path, problem: "is not a Kameng key file (expected \"\(header.trimmingCharacters(in: .whitespaces)) <32 bytes base64>\")")
        }
        return KeyFile(path: path, key: SymmetricKey(data: bytes))
    }

    /// Creates a new key file with mode 0600 (its directory 0700); refuses to overwrite an existing one.
    public static func create(path: String, databasePath: String?) throws(StoreError) -> KeyFile {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw .keyFile(path: path, problem: "its directory cannot be created (\(error.localizedDescription))")
            }
        }
        if let databasePath, isInside(path: path, directoryOf: databasePath) {
            throw .keyFile(path: path, problem: "must not be in the database's directory: a copy of that directory would carry the key with the data")
        }
        let key = SymmetricKey(size: .bits256)
        let line = header + key.withUnsafeBytes { Data($0).base64EncodedString() } + "\n"
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw .keyFile(path: path, problem: errno == EEXIST ? "already exists" : "cannot be created (\(String(cString: strerror(errno))))")
        }
        defer { close(fd) }
        let written = line.utf8CString.withUnsafeBufferPointer { write(fd, $0.baseAddress, $0.count - 1) }
        guard written == line.utf8.count, fsync(fd) == 0 else {
            unlink(path)
            throw .keyFile(path: path, problem: "could not be written completely")
        }
        return KeyFile(path: path, key: key)
    }

    package static func checkPolicy(path: String, databasePath: String?) throws(StoreError) {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            throw .keyFile(path: path, problem: errno == ENOENT
                ? "does not exist (run `kameng init` to create one, or set KAMENG_KEY_FILE)"
                : "cannot be inspected (\(String(cString: strerror(errno))))")
        }
        if (info.st_mode & S_IFMT) == S_IFLNK { throw .keyFile(path: path, problem: "is a symbolic link; point KAMENG_KEY_FILE at the real file") }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw .keyFile(path: path, problem: "is not a regular file") }
        guard info.st_uid == geteuid() else { throw .keyFile(path: path, problem: "is owned by another user (uid \(info.st_uid))") }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw .keyFile(path: path, problem: "is readable by group or others (mode \(String(mode, radix: 8))); run: chmod 600 \(path)")
        }
        if let databasePath, isInside(path: path, directoryOf: databasePath) {
            throw .keyFile(path: path, problem: "must not be in the database's directory; move it and set KAMENG_KEY_FILE")
        }
    }

    package static func isInside(path: String, directoryOf databasePath: String) -> Bool {
        let keyDirectory = canonicalDirectory(of: path)
        let databaseDirectory = canonicalDirectory(of: databasePath)
        // Only the same directory: a database kept in $HOME must still allow ~/.config/kameng/master.key.
        return keyDirectory == databaseDirectory
    }

    private static func canonicalDirectory(of path: String) -> String {
        let directory = (path as NSString).deletingLastPathComponent
        let absolute = directory.isEmpty ? FileManager.default.currentDirectoryPath : directory
        guard let resolved = realpath(absolute, nil) else { return (absolute as NSString).standardizingPath }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
