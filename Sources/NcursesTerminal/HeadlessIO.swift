import Glibc

/// The file and pipe a headless terminal uses instead of a tty.
final class HeadlessIO {
    let output: UnsafeMutablePointer<FILE>
    let input: UnsafeMutablePointer<FILE>
    let outputPath: String
    /// The write end of the input pipe: bytes written here are what ncurses reads as typed keys.
    let inputWriter: Int32
    private var closed = false

    init() throws {
        var template = Array("/tmp/kameng-headless-XXXXXX".utf8CString)
        let outputFD = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard outputFD >= 0 else { throw NcursesTerminalError.cannotOpenHeadlessIO(errno: errno) }
        outputPath = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0,
              let output = fdopen(outputFD, "w"),
              let input = fdopen(fds[0], "r")
        else {
            let code = errno
            Glibc.close(outputFD)
            unlink(outputPath)
            throw NcursesTerminalError.cannotOpenHeadlessIO(errno: code)
        }
        self.output = output
        self.input = input
        self.inputWriter = fds[1]
    }

    /// Bytes ncurses has written so far (it flushes at the end of every doupdate).
    var bytesWritten: Int {
        fflush(output)
        var info = stat()
        return fstat(fileno(output), &info) == 0 ? Int(info.st_size) : 0
    }

    /// Everything written from `offset` on.
    func bytes(from offset: Int = 0) -> [UInt8] {
        let total = bytesWritten
        guard total > offset, let file = fopen(outputPath, "r") else { return [] }
        defer { fclose(file) }
        fseek(file, offset, SEEK_SET)
        var buffer = [UInt8](repeating: 0, count: total - offset)
        let read = fread(&buffer, 1, buffer.count, file)
        return Array(buffer.prefix(read))
    }

    func feed(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(inputWriter, $0.baseAddress, $0.count) }
            if written <= 0 { break }
            offset += written
        }
    }

    func close() {
        guard !closed else { return }
        closed = true
        fclose(output)
        fclose(input)
        Glibc.close(inputWriter)
        unlink(outputPath)
    }

    deinit { close() }
}
