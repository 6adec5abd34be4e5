#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// GB18030 (⊇ GBK ⊇ GB2312), or Big5 (`big5Converter()`), → UTF-8 with glibc's iconv, one line at a time.
///
/// Big5's trail bytes (0x40–0x7E, 0xA1–0xFE) are never 0x0A or 0x0D either, so the same holds for it.
/// Why per line rather than per chunk: no GB18030 trail byte is ever 0x0A or 0x0D (two-byte
/// trails are 0x40–0xFE, four-byte ones 0x30–0x39), so splitting the *raw* bytes into lines is
/// exact. The line splitter already carries a line that straddles two chunks, which is what
/// keeps a multibyte character cut by a chunk boundary whole; converting each line separately
/// then makes an invalid sequence (EILSEQ) or a cut one (EINVAL) cost exactly that line, by its
/// number, and the conversion never has to resynchronise. Pure-ASCII lines skip iconv entirely.
/// iconv never substitutes: an invalid line yields nil, never U+FFFD.
final class GB18030Converter {
    private let cd: iconv_t
    private var out: [UInt8] = []

    /// Opens the converter; nil when this libc has no GB18030 table.
    convenience init?() { self.init(from: "GB18030") }

    /// A Big5 converter: code page 950 (what Windows writes), else plain BIG5; nil when this libc has neither.
    static func big5Converter() -> GB18030Converter? { GB18030Converter(from: "CP950") ?? GB18030Converter(from: "BIG5") }

    init?(from encoding: String) {
        let handle = iconv_open("UTF-8", encoding)
        guard let handle, handle != iconv_t(bitPattern: -1) else { return nil }
        cd = handle
    }

    deinit { iconv_close(cd) }

    /// Converts a whole line. Returns nil when any byte sequence is invalid or incomplete.
    /// The result is valid until the next call.
    func convert<R>(_ line: UnsafeBufferPointer<UInt8>,
                    _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        // Reset shift state: a previous failed line must not leak into this one.
        iconv(cd, nil, nil, nil, nil)
        // GB18030 → UTF-8 grows at most 3/2 (2 bytes → 3); 2× + 16 always suffices.
        let capacity = line.count * 2 + 16
        if out.count < capacity { out = [UInt8](repeating: 0, count: capacity) }
        var produced = 0
        let ok: Bool = out.withUnsafeMutableBufferPointer { ob in
            var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer(
                mutating: UnsafeRawPointer(line.baseAddress ?? UnsafePointer(bitPattern: 1)!)
                    .assumingMemoryBound(to: CChar.self))
            var inLeft = line.count
            var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(ob.baseAddress!)
                .assumingMemoryBound(to: CChar.self)
            var outLeft = ob.count
            let r = iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
            produced = ob.count - outLeft
            return r != -1 && inLeft == 0
        }
        guard ok else { return nil }
        return try out.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[0..<produced])) }
    }

    /// True when the whole buffer converts (used by detection on a sample).
    /// A sequence cut by the end of the sample (EINVAL) counts as valid.
    func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        iconv(cd, nil, nil, nil, nil)
        var scratch = [UInt8](repeating: 0, count: 64 * 1024)
        var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer(
            mutating: UnsafeRawPointer(bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!)
                .assumingMemoryBound(to: CChar.self))
        var inLeft = bytes.count
        while inLeft > 0 {
            let r: Int = scratch.withUnsafeMutableBufferPointer { ob in
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(ob.baseAddress!)
                    .assumingMemoryBound(to: CChar.self)
                var outLeft = ob.count
                return iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft)
            }
            if r == -1 {
                if errno == E2BIG { continue }
                return errno == EINVAL
            }
        }
        return true
    }
}
