import Foundation
import KamengDomain
import KamengStorage

/// Splits the input into lines (LF or CRLF), numbered from 1 as an editor would, in 1 MiB reads.
/// A line longer than `IntakeEnvelope.maxLineBytes` is reported as such and skipped up to its end,
/// so one runaway line can neither exhaust memory nor swallow the lines after it.
struct IntakeLineReader {
    enum Line {
        case text(number: Int, bytes: [UInt8])
        case tooLong(number: Int)
    }

    private let input: IntakeInput
    private var buffer: [UInt8] = []
    private var start = 0
    private var eof = false
    private var number = 0

    init(_ input: IntakeInput) {
        self.input = input
        if case let .bytes(bytes) = input { buffer = bytes; eof = true }
    }

    /// The next line, or nil at the end; throws when reading fails (the caller reports it and stops).
    mutating func next() throws -> Line? {
        var skipping = false
        while true {
            if let newline = buffer[start...].firstIndex(of: 0x0A) {
                number += 1
                let lineStart = start
                start = newline + 1
                if skipping { return .tooLong(number: number) }
                var end = newline
                if end > lineStart, buffer[end - 1] == 0x0D { end -= 1 }
                return .text(number: number, bytes: trimmedBOM(buffer[lineStart..<end]))
            }
            if buffer.count - start > IntakeEnvelope.maxLineBytes {
                skipping = true
                start = buffer.count
            }
            if eof {
                guard start < buffer.count || skipping else { return nil }
                number += 1
                let rest = buffer[start...]
                start = buffer.count
                return skipping ? .tooLong(number: number) : .text(number: number, bytes: trimmedBOM(rest))
            }
            try fill()
        }
    }

    private func trimmedBOM(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        if number == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return Array(bytes.dropFirst(3)) }
        return Array(bytes)
    }

    private mutating func fill() throws {
        guard case let .fileDescriptor(fd) = input else { eof = true; return }
        if start > 0 {
            buffer.removeFirst(start)
            start = 0
        }
        let chunk = 1 << 20
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: chunk))
        var got = 0
        var failure: Int32 = 0
        while true {
            got = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + old, chunk) }
            failure = errno
            if got >= 0 || failure != EINTR { break }
        }
        buffer.removeLast(chunk - max(got, 0))
        if got < 0 { throw StoreError.file(path: "the intake input", problem: .cannotRead(reason: String(cString: strerror(failure)))) }
        if got == 0 { eof = true }
    }
}
