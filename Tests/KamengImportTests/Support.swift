import Foundation
import Testing
@testable import KamengImport
#if canImport(Glibc)
import Glibc
#endif

/// Helpers shared by the tests: temporary files, running the parser, encoding test data.
enum Support {
    /// Tests/KamengImportTests/Fixtures, found from this file's path so a fresh clone works.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// A fresh temporary directory per call, inside one directory for this test process. Tests have no
    /// hook at the end of a run, so each run removes what earlier runs (processes no longer alive) left.
    static func tempDir() throws -> URL {
        let dir = runDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static let runDirectory: URL = {
        let temp = FileManager.default.temporaryDirectory, prefix = "kameng-import-tests-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temp.path)) ?? [] where name.hasPrefix(prefix) {
            // kill(pid, 0) fails with ESRCH when no such process is running.
            if let pid = Int32(name.dropFirst(prefix.count)), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH {
                try? FileManager.default.removeItem(at: temp.appendingPathComponent(name))
            }
        }
        return temp.appendingPathComponent(prefix + "\(getpid())")
    }()

    /// Writes `bytes` to a temporary file with the given name.
    static func write(_ bytes: [UInt8], name: String) throws -> URL {
        let url = try tempDir().appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    static func write(_ text: String, name: String = "keys.txt") throws -> URL {
        try write(Array(text.utf8), name: name)
    }

    struct Result {
        var records: [ImportRecord]
        var summary: ImportSummary
        var accepted: [AcceptedKey] { records.compactMap { if case .accepted(let k) = $0 { return k } else { return nil } } }
        var rejected: [(line: Int, reason: RejectReason)] {
            records.compactMap { if case .rejected(let l, let r) = $0 { return (l, r) } else { return nil } }
        }
        var skipped: [(line: Int, kind: SkipKind)] {
            records.compactMap { if case .skipped(let l, let k) = $0 { return (l, k) } else { return nil } }
        }
        var secrets: [String] { accepted.map(\.secret) }
    }

    /// Parses a file, collecting every record, and checks the invariant that holds for every
    /// input: no accepted secret, number or note ever contains U+FFFD.
    static func parse(_ url: URL, options: ImportOptions = ImportOptions(), hooks: ImportHooks = ImportHooks()) throws -> Result {
        var records: [ImportRecord] = []
        let summary = try CardKeyImporter.parse(file: url, options: options, hooks: hooks) { records.append($0) }
        let result = Result(records: records, summary: summary)
        for key in result.accepted {
            let texts = [key.secret, key.number ?? "", key.note ?? ""]
            #expect(!texts.contains { $0.unicodeScalars.contains("\u{FFFD}") }, "U+FFFD in accepted key at line \(key.line)")
        }
        #expect(summary.accepted == result.accepted.count)
        #expect(summary.rejected == result.rejected.count)
        #expect(summary.skipped + summary.skippedHeader == result.skipped.count)
        return result
    }

    static func parse(text: String, name: String = "keys.txt", options: ImportOptions = ImportOptions()) throws -> Result {
        try parse(write(text, name: name), options: options)
    }

    /// Encodes UTF-8 text with glibc iconv ("GBK", "GB18030", …), for building supplier files.
    static func encode(_ text: String, to encoding: String) -> [UInt8] {
        let cd = iconv_open(encoding, "UTF-8")
        precondition(cd != iconv_t(bitPattern: -1), "no iconv for \(encoding)")
        defer { iconv_close(cd) }
        var input = Array(text.utf8)
        var output = [UInt8](repeating: 0, count: input.count * 4 + 16)
        let produced: Int = input.withUnsafeMutableBufferPointer { ib in
            output.withUnsafeMutableBufferPointer { ob in
                var ip: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(ib.baseAddress!).assumingMemoryBound(to: CChar.self)
                var op: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(ob.baseAddress!).assumingMemoryBound(to: CChar.self)
                var il = ib.count, ol = ob.count
                let r = iconv(cd, &ip, &il, &op, &ol)
                precondition(r != -1, "cannot encode to \(encoding)")
                return ob.count - ol
            }
        }
        return Array(output.prefix(produced))
    }

    /// UTF-16 with BOM.
    static func utf16(_ text: String, bigEndian: Bool) -> [UInt8] {
        var out: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
        for u in text.utf16 {
            let (hi, lo) = (UInt8(u >> 8), UInt8(u & 0xFF))
            out += bigEndian ? [hi, lo] : [lo, hi]
        }
        return out
    }
}
