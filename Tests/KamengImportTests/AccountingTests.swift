import Foundation
import Testing
@testable import KamengImport

/// "Every line the importer did not accept is accounted for by number": on random messy input,
/// a text file yields exactly one record per physical line, numbered 1…n in order, and a CSV
/// yields records in increasing line order — and nothing traps.
@Suite struct AccountingTests {
    /// Pieces that stress the splitter, the decoders and the shape rules.
    static let pieces: [[UInt8]] = [
        Array("\n".utf8), Array("\r\n".utf8), Array("\r".utf8), Array("\"".utf8), Array(",".utf8),
        Array("----".utf8), Array("卡号:".utf8), Array("密码：".utf8), Array("ABC123".utf8), Array(" ".utf8),
        Array("\t".utf8), Array("|".utf8), Array("║".utf8), Array("#".utf8), Array("2025-12-31".utf8),
        [0xFF], [0xC3], [0x80], [0xBF, 0xA8], [0x1B], [0x07], Array("\u{200B}".utf8), Array("𠀀".utf8),
        Array("\u{3000}".utf8), Array("card:".utf8), Array("\"\"".utf8),
    ]

    static func randomFile(_ rng: inout Xorshift) -> [UInt8] {
        var bytes: [UInt8] = Array("START\n".utf8)  // ASCII first so NUL-free sniffing never refuses
        for _ in 0..<Int(rng.next() % 60) { bytes += pieces[Int(rng.next() % UInt64(pieces.count))] }
        return bytes
    }

    @Test("Text: one record per physical line, numbered 1…n", arguments: 0..<4)
    func text(seed: Int) throws {
        var rng = Xorshift(seed: UInt64(seed) + 1)
        var checked = 0
        for _ in 0..<150 {
            let bytes = Self.randomFile(&rng)
            let r: Support.Result
            do { r = try Support.parse(Support.write(bytes, name: "r.txt")) } catch ImportError.refused { continue }
            checked += 1
            #expect(r.records.map(\.line) == Array(1...r.summary.lines), "\(String(decoding: bytes, as: UTF8.self).debugDescription)")
        }
        #expect(checked >= 75)  // most random files are text with bad lines, not refused as binary
    }

    @Test("CSV: records in strictly increasing line order, within the file's lines", arguments: 0..<4)
    func csv(seed: Int) throws {
        var rng = Xorshift(seed: UInt64(seed) + 101)
        var checked = 0
        for _ in 0..<150 {
            let bytes = Self.randomFile(&rng)
            let r: Support.Result
            do { r = try Support.parse(Support.write(bytes, name: "r.csv")) } catch ImportError.refused { continue }
            checked += 1
            let lines = r.records.map(\.line)
            #expect(zip(lines, lines.dropFirst()).allSatisfy { $0 < $1 }, "\(bytes)")
            #expect(lines.allSatisfy { $0 >= 1 && $0 <= r.summary.lines }, "\(String(decoding: bytes, as: UTF8.self).debugDescription)")
        }
        #expect(checked >= 50)  // header refusals and binaries are allowed, but not for most files
    }
}

/// A small deterministic PRNG so failures reproduce.
struct Xorshift {
    var state: UInt64
    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }
    mutating func next() -> UInt64 {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return state
    }
}
