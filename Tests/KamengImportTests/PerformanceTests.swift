import Foundation
import Testing
import KamengImport
#if canImport(Glibc)
import Glibc
#endif

/// CPU time of the calling thread: the parse is synchronous on it, so this is the parse's own
/// cost, unaffected by other processes competing for the 2 cores (wall time is also printed).
func threadCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Release-mode parse rate for 1,000,000 `NUMBER----SECRET` lines. Off by default (a debug
/// build says nothing about speed); run with:
///
///     KAMENG_IMPORT_PERF=1 swift test -c release -Xswiftc -enable-testing --filter PerformanceTests
///
/// The budget is ≈1 µs per line, so the store keeps ≥ 200,000 keys/s end to end with its
/// HMAC, AES-GCM and SQLite work; the test fails below 1,000,000 lines/s of thread CPU time.
@Suite(.serialized) struct PerformanceTests {
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
        let start = ContinuousClock.now, cpuStart = threadCPUSeconds()
        let summary = try CardKeyImporter.parse(file: url) { record in
            if case .accepted(let key) = record { accepted += 1; secretBytes &+= key.secret.utf8.count }
        }
        let cpu = threadCPUSeconds() - cpuStart
        let wall = (ContinuousClock.now - start) / .seconds(1)
        let rate = Double(accepted) / cpu
        print("KamengImport: \(accepted) lines, CPU \(String(format: "%.3f", cpu)) s = \(Int(rate)) lines/s (\(String(format: "%.0f", cpu * 1e9 / Double(accepted))) ns/line); wall \(String(format: "%.3f", wall)) s")
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
        let cpuStart = threadCPUSeconds()
        _ = try CardKeyImporter.parse(file: url) { if case .accepted = $0 { accepted += 1 } }
        let cpu = threadCPUSeconds() - cpuStart
        let rate = Double(accepted) / cpu
        print("KamengImport GBK labelled: \(accepted) lines, CPU \(String(format: "%.3f", cpu)) s = \(Int(rate)) lines/s")
        #expect(accepted == 200_000)
        #expect(rate >= 200_000)
    }
}
