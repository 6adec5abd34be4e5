import Foundation
import KamengConsole
import KamengDomain
import TerminalUI
import Testing

/// Times from another year than today's show their year; this year's show month, day and time.
@Suite("times show their year when it is not this one")
struct YearShownTests {
    static let beijing = ConsoleClock.beijing
    /// 2026-01-01 00:30 in Beijing, still 2025-12-31 in UTC.
    static let newYear = Date(timeIntervalSince1970: 1_767_198_600)

    @Test func shortTimesNameAnotherYear() {
        let lastYear = Self.newYear.addingTimeInterval(-3600)     // 2025-12-31 23:30 in Beijing
        #expect(ConsoleClock.short(lastYear, in: Self.beijing, today: Self.newYear) == "2025-12-31")
        #expect(ConsoleClock.short(Self.newYear, in: Self.beijing, today: Self.newYear) == "01-01 00:30:00")
        // The year is the operator's zone's: in UTC both moments are still 2025.
        let utc = TimeZone(secondsFromGMT: 0)!
        #expect(ConsoleClock.short(lastYear, in: utc, today: Self.newYear) == "12-31 15:30:00")
        // Before the app has read the clock, no year.
        #expect(ConsoleClock.short(lastYear, in: Self.beijing) == "12-31 23:30:00")
    }

    @Test func theOrderListShowsLastYearsOrdersWithTheirYear() {
        var state = Fixture.state(rows: Fixture.orders(0..<5), width: 120, height: 20)
        _ = reduce(&state, .stockLoaded([]))
        let before = Golden.text(render(state, width: 120, height: 20))
        #expect(before.contains("11-22 14:00:00") && !before.contains("2026-11-22"))
        // A year later, the same orders are last year's.
        _ = reduce(&state, .clock(Fixture.newest.addingTimeInterval(366 * 86_400)))
        let after = Golden.text(render(state, width: 120, height: 20))
        #expect(after.contains("2026-11-22") && !after.contains("11-22 14:00:00"), "\(after)")
    }
}
