import Foundation
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage

@Suite("Stored time text")
struct StoreTimeTests {
    @Test("the digit-by-digit format equals gmtime's for dates before, around and long after 1970")
    func sameAsGmtime() {
        var rng = SystemRandomNumberGenerator()
        var dates = [0, -0.0004, 0.0005, 951_782_400, 1_709_208_000.999, 1_795_421_730.25, -1, -86_400.5, 4_102_444_799.9994]
            .map(Date.init(timeIntervalSince1970:))
        for _ in 0..<20_000 { dates.append(Date(timeIntervalSince1970: Double.random(in: -2_000_000_000...5_000_000_000, using: &rng))) }
        for date in dates { #expect(StoreTime.string(date) == StoreTime.viaGmtime(date), "\(date.timeIntervalSince1970)") }
        #expect(StoreTime.string(Date(timeIntervalSince1970: 1_795_421_730.25)) == "2026-11-23 08:15:30.250")
    }
}
