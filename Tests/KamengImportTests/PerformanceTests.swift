import Foundation
import Testing
import KamengImport

/// Release-mode parse rate for 1,000,000 `NUMBER----SECRET` lines. Off by default (a debug
/// build says nothing about speed); run with:
///
///     KAMENG_IMPORT_PERF=1 swift test -c release -Xswiftc -enable-testing --filter PerformanceTests
///
/// The budget is ≈1 µs per line, so the store keeps ≥ 200,000 keys/s end to end with its
/// HMAC, AES-GCM and SQLite work; the test fails below 1,000,000 lines/s.
@Suite struct PerformanceTests {
    @Test("1M NUMBER----SECRET lines parse at ≥ 1M lines/s (release)",
          .enabled(if: ProcessInfo.processInfo.environment["KAMENG_IMPORT_PERF"] == "1"))
    func millionLines() throws {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(40_000_000)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15  // xorshift: fast, and the same file every run
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789".utf8)
        for i in 0..<1_000_000 {
            bytes.append(contentsOf: String(100_000_000_000 + i).utf8)
            bytes.append(contentsOf: "----".utf8)
            for _ in 0..<16 {
                state ^= state << 13; state ^= state >> 7; state ^= state << 17
                bytes.append(alphabet[Int(state % 32)])
            }
            bytes.append(0x0A)
        }
        let url = try Support.write(bytes, name: "million.txt")
        var accepted = 0, secretBytes = 0
        let start = ContinuousClock.now
        let summary = try CardKeyImporter.parse(file: url) { record in
            if case .accepted(let key) = record { accepted += 1; secretBytes &+= key.secret.utf8.count }
        }
        let seconds = (ContinuousClock.now - start) / .seconds(1)
        let rate = Double(accepted) / seconds
        print("KamengImport: \(accepted) lines in \(String(format: "%.3f", seconds)) s = \(Int(rate)) lines/s (\(String(format: "%.0f", seconds * 1e9 / Double(accepted))) ns/line)")
        #expect(accepted == 1_000_000)
        #expect(summary.accepted == 1_000_000)
        #expect(secretBytes == 16_000_000)
        #expect(rate >= 1_000_000)
    }

    @Test("GBK labelled lines (iconv per non-ASCII line) parse at ≥ 200k lines/s (release)",
          .enabled(if: ProcessInfo.processInfo.environment["KAMENG_IMPORT_PERF"] == "1"))
    func gbkLabelled() throws {
        var text = ""
        for i in 0..<200_000 { text += "卡号:\(100_000_000_000 + i) 密码:KEY\(i)SECRETXX\r\n" }
        let url = try Support.write(Support.encode(text, to: "GBK"), name: "gbk.txt")
        var accepted = 0
        let start = ContinuousClock.now
        _ = try CardKeyImporter.parse(file: url) { if case .accepted = $0 { accepted += 1 } }
        let seconds = (ContinuousClock.now - start) / .seconds(1)
        let rate = Double(accepted) / seconds
        print("KamengImport GBK labelled: \(accepted) lines in \(String(format: "%.3f", seconds)) s = \(Int(rate)) lines/s")
        #expect(accepted == 200_000)
        #expect(rate >= 200_000)
    }
}
