import Foundation

/// An output file Kameng creates itself, mode 0600: `O_CREAT|O_EXCL|O_NOFOLLOW`, so never through a
/// planted symlink (dangling or not) and never over another file. Created before the work that
/// fills it, so a bad path costs nothing (no audit row, no used-up code); removed again if that work fails.
final class ExclusiveFile {
    let path: String
    private let option: String
    private var fd: Int32
    private let device: UInt64
    private let inode: UInt64

    /// `option` names the field in the error ("--out", "--csv"…).
    init(creating path: String, option: String = "--out") throws {
        self.path = path
        self.option = option
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            let reason = errno
            var link = stat()
            let why = reason != EEXIST ? String(cString: strerror(reason))
                : lstat(path, &link) == 0 && (link.st_mode & S_IFMT) == S_IFLNK ? "it is a symbolic link" : "it already exists"
            throw CLIError(message: "\(option): cannot create \(path): \(why); Kameng never overwrites a file or follows a link")
        }
        var info = stat()
        _ = fstat(fd, &info)
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Writes everything, then fsyncs the file and its directory: the export exists once this returns.
    func write(_ data: Data) throws {
        let written = data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n <= 0 { break }
                offset += n
            }
            return offset
        }
        guard written == data.count, fsync(fd) == 0 else { throw CLIError(message: "\(option): \(path) was not written completely") }
        let directory = open((path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent,
                             O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 { _ = fsync(directory); close(directory) }
    }

    /// Removes the (still empty) file after the work failed, only if the path still names the file
    /// this process created: someone may have replaced it meanwhile.
    func discard() {
        var now = stat()
        if lstat(path, &now) == 0, UInt64(now.st_dev) == device, UInt64(now.st_ino) == inode { unlink(path) }
        close(fd)
        fd = -1
    }
}
