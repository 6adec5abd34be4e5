#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Reads a file in fixed-size chunks with POSIX `read`, reporting every raw byte to
/// `hooks.onChunk`, progress after each chunk, and checking cancellation before each one.
/// One reusable buffer: memory does not grow with the file.
final class FileReader {
    let name: String
    let size: Int64
    private let fd: Int32
    private var buffer: [UInt8]
    private let hooks: ImportHooks
    private(set) var bytesRead: Int64 = 0
    /// Share of the progress bar this pass stands for (an .xlsx is read, then parsed).
    var progressShare = 1.0

    init(url: URL, chunkSize: Int, hooks: ImportHooks) throws {
        name = url.lastPathComponent
        fd = open(url.path, O_RDONLY)
        guard fd >= 0 else { throw ImportError.unreadable(file: url.lastPathComponent, detail: String(cString: strerror(errno))) }
        var st = stat()
        if fstat(fd, &st) != 0 || (st.st_mode & S_IFMT) != S_IFREG {
            close(fd)
            throw ImportError.unreadable(file: url.lastPathComponent, detail: "not a regular file")
        }
        size = Int64(st.st_size)
        buffer = [UInt8](repeating: 0, count: max(4096, chunkSize))
        self.hooks = hooks
    }

    deinit { close(fd) }

    /// Reads the next chunk and passes it to `body`; returns false at end of file.
    func next(records: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Bool {
        if hooks.isCancelled?() == true { throw ImportError.cancelled(file: name) }
        let capacity = buffer.count
        let n: Int = buffer.withUnsafeMutableBytes { raw in
            var got = 0
            while got < capacity {  // fill the chunk: short reads happen on pipes and some filesystems
                let r = read(fd, raw.baseAddress! + got, capacity - got)
                if r < 0 && errno == EINTR { continue }
                if r <= 0 { return r < 0 && got == 0 ? -1 : got }
                got += r
            }
            return got
        }
        if n < 0 { throw ImportError.unreadable(file: name, detail: String(cString: strerror(errno))) }
        if n == 0 { return false }
        bytesRead += Int64(n)
        try buffer.withUnsafeBufferPointer { whole in
            let chunk = UnsafeBufferPointer(rebasing: whole[0..<n])
            hooks.onChunk?(UnsafeRawBufferPointer(chunk))
            try body(chunk)
        }
        hooks.progress?(ImportProgress(bytesRead: Int64(Double(bytesRead) * progressShare), totalBytes: size, records: records))
        return true
    }
}
