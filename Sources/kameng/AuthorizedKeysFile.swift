import Foundation
import KamengDomain
import KamengStorage

/// The service account's authorized_keys, where sshd learns which key may run
/// `kameng ssh-session --staff NAME`. Kameng rewrites only its own block (AuthorizedKeysBlock) and
/// always from the staff table, never from what the file says, so a hand-added line inside the block
/// disappears at the next change and a disabled person's keys are gone at once.
enum AuthorizedKeysFile {
    /// `$KAMENG_AUTHORIZED_KEYS` (the tests'), else `$HOME/.ssh/authorized_keys` of the service account.
    static var path: String {
        if let env = ProcessInfo.processInfo.environment["KAMENG_AUTHORIZED_KEYS"], !env.isEmpty {
            return env.hasPrefix("/") ? env : FileManager.default.currentDirectoryPath + "/" + env
        }
        return Paths.home + "/.ssh/authorized_keys"
    }

    /// This executable as the kernel knows it: the forced command must name the binary that wrote it,
    /// not whatever `kameng` a PATH lookup would find.
    static var executable: String {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
    }

    /// Rewrites the block from the store's active keys, under a lock so two admins' changes cannot
    /// interleave a stale read with a newer write. Returns how many key lines the block now holds.
    @discardableResult
    static func sync(_ store: any KamengEngine, as actor: Staff, path: String = AuthorizedKeysFile.path) async throws -> Int {
        let directory = (path as NSString).deletingLastPathComponent
        try makeDirectoryIfMissing(directory)
        let lock = try FileLock(path: directory + "/.kameng-authorized-keys.lock")
        defer { lock.release() }
        let keys = try await store.activeSSHKeys(by: actor)
        let existing = try readExisting(path)
        let text: String
        do { text = try AuthorizedKeysBlock.render(existing: existing, entries: keys.map(\.blockEntry), executable: executable) } catch {
            throw CLIError(message: "\(path): \(error.text)")
        }
        try writeAtomically(text, to: path)
        return keys.count
    }

    /// After a committed change: rewrites the block, and when that fails says loudly that sshd still
    /// has the old keys and what to run (exit 1; the database change itself stands).
    static func syncAfterChange(_ store: any KamengEngine, as actor: Staff) async throws {
        do { try await sync(store, as: actor) } catch {
            let reason = (error as? CLIError)?.message ?? String(describing: error)
            throw CLIError(message: """
                the change is saved, but \(path) could NOT be rewritten (\(reason)); sshd still uses the old keys \
                until you run: kameng staff keys sync
                """)
        }
    }

    private static func readExisting(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            if FileManager.default.fileExists(atPath: path) { throw CLIError(message: "cannot read \(path)") }
            return ""
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw CLIError(message: "\(path) is not UTF-8 text; Kameng will not rewrite it")
        }
        return text
    }

    /// `~/.ssh` as sshd wants it: created 0700 when missing (sshd's StrictModes refuses a group- or
    /// world-writable one).
    private static func makeDirectoryIfMissing(_ directory: String) throws {
        var info = stat()
        if stat(directory, &info) == 0 { return }
        guard mkdir(directory, 0o700) == 0 || errno == EEXIST else {
            throw CLIError(message: "cannot create \(directory): \(String(cString: strerror(errno)))")
        }
    }

    /// A temporary file in the same directory, written, fsynced, renamed over the old one, then the
    /// directory fsynced: after a crash the file is the old one or the new one, never half of either.
    static func writeAtomically(_ text: String, to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = directory + "/.authorized_keys.kameng-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        func failure(_ step: String) -> CLIError {
            CLIError(message: "\(step) \(temporary): \(String(cString: strerror(errno)))")
        }
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure("cannot create") }
        var ok = false
        defer { if !ok { unlink(temporary) } }
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { close(fd); throw failure("cannot write") }
            written += n
        }
        guard fchmod(fd, 0o600) == 0, fsync(fd) == 0 else { close(fd); throw failure("cannot sync") }
        close(fd)
        guard rename(temporary, path) == 0 else { throw failure("cannot rename") }
        ok = true
        let dirFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dirFD >= 0 else { throw CLIError(message: "cannot open \(directory) to sync it: \(String(cString: strerror(errno)))") }
        defer { close(dirFD) }
        guard fsync(dirFD) == 0 else { throw CLIError(message: "cannot sync \(directory): \(String(cString: strerror(errno)))") }
    }
}

/// An exclusive `flock` held until `release`.
private final class FileLock {
    private let fd: Int32

    init(path: String) throws {
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw CLIError(message: "cannot open lock \(path): \(String(cString: strerror(errno)))") }
        while flock(fd, LOCK_EX) != 0 {
            guard errno == EINTR else {
                close(fd)
                throw CLIError(message: "cannot lock \(path): \(String(cString: strerror(errno)))")
            }
        }
    }

    func release() { close(fd) }
}
