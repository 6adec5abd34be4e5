import Foundation
import Testing
import KamengDomain

/// An instant in UTC from "2026-11-30T16:00:00".
private func utc(_ text: String) -> Date {
    try! Date(text + "Z", strategy: .iso8601)
}

private func day(_ text: String) -> BusinessDay { BusinessDay(text)! }

@Suite("BusinessDay and SettlementPeriod: days in UTC+8")
struct BusinessDayTests {
    @Test("the day changes at 16:00 UTC (midnight in Beijing)", arguments: [
        ("2026-11-30T15:59:59", "2026-11-30"), ("2026-11-30T16:00:00", "2026-12-01"),
        ("2026-12-31T15:59:59", "2026-12-31"), ("2026-12-31T16:00:00", "2027-01-01"),
        ("2024-02-28T16:00:00", "2024-02-29"), ("2026-02-28T16:00:00", "2026-03-01"),
        ("2026-06-15T00:00:00", "2026-06-15"), ("2026-06-14T23:59:59", "2026-06-15"),
    ])
    func containing(instant: String, expected: String) {
        #expect(BusinessDay(containing: utc(instant)).description == expected)
    }

    @Test("start and end are the UTC+8 midnights, as instants")
    func startEnd() {
        let d = day("2026-12-01")
        #expect(d.start == utc("2026-11-30T16:00:00"))
        #expect(d.end == utc("2026-12-01T16:00:00"))
        #expect(BusinessDay(containing: d.start) == d)
        #expect(BusinessDay(containing: d.end.addingTimeInterval(-0.001)) == d)
        #expect(BusinessDay(containing: d.end) == day("2026-12-02"))
    }

    @Test("adding days crosses month ends, year ends and leap days", arguments: [
        ("2026-01-31", 1, "2026-02-01"), ("2026-02-28", 1, "2026-03-01"), ("2024-02-28", 1, "2024-02-29"),
        ("2024-02-29", 1, "2024-03-01"), ("2026-12-31", 1, "2027-01-01"), ("2027-01-01", -1, "2026-12-31"),
        ("2026-03-01", -1, "2026-02-28"), ("2024-03-01", -1, "2024-02-29"), ("2026-11-30", -29, "2026-11-01"),
        ("2026-01-01", 365, "2027-01-01"), ("2024-01-01", 365, "2024-12-31"), ("2026-05-05", 0, "2026-05-05"),
    ])
    func adding(from: String, days: Int, expected: String) {
        #expect(day(from).adding(days: days).description == expected)
    }

    @Test("valid texts parse and print back the same", arguments: [
        "2026-11-30", "2024-02-29", "2000-02-29", "2026-01-01", "9999-12-31", "2000-01-01",
    ])
    func parsesValid(text: String) throws {
        #expect(try #require(BusinessDay(text)).description == text)
    }

    @Test("invalid texts and dates are refused", arguments: [
        "2026-02-29", "2100-02-29", "2026-11-31", "2026-13-01", "2026-00-10", "2026-01-00", "1999-12-31",
        "2026-1-01", "2026-01-1", "26-01-01", "2026/01/01", "2026-01-01T00:00", "", "2026-01", "abcd-ef-gh",
    ])
    func refusesInvalid(text: String) {
        #expect(BusinessDay(text) == nil)
    }

    @Test("days compare by date")
    func ordering() {
        #expect(day("2026-11-30") < day("2026-12-01"))
        #expect(day("2026-12-31") < day("2027-01-01"))
        #expect(!(day("2026-05-05") < day("2026-05-05")))
    }

    @Test("a range includes both ends; last(n) ends today and counts today")
    func ranges() {
        let now = utc("2026-12-01T01:00:00") // 09:00 in Beijing on 12-01
        let week = BusinessDays.last(7, now: now)
        #expect(week.description == "2026-11-25…2026-12-01")
        #expect(week.days.count == 7)
        #expect(week.days.first == day("2026-11-25") && week.days.last == day("2026-12-01"))
        #expect(week.start == utc("2026-11-24T16:00:00"))
        #expect(week.end == utc("2026-12-01T16:00:00"))
        #expect(BusinessDays.last(1, now: now).days == [day("2026-12-01")])
        #expect(BusinessDays.last(0, now: now).days == [day("2026-12-01")], "zero days means today")
        // 23:30 UTC on 11-30 is already 12-01 in Beijing.
        #expect(BusinessDays.last(1, now: utc("2026-11-30T23:30:00")).days == [day("2026-12-01")])
        #expect(BusinessDays(from: day("2026-12-02"), to: day("2026-12-01")).days.isEmpty)
    }

    @Test("a settlement period is its calendar month in UTC+8", arguments: [
        ("2026-11", "2026-11-01", "2026-11-30"), ("2026-12", "2026-12-01", "2026-12-31"),
        ("2024-02", "2024-02-01", "2024-02-29"), ("2026-02", "2026-02-01", "2026-02-28"),
        ("2100-02", "2100-02-01", "2100-02-28"), ("2026-01", "2026-01-01", "2026-01-31"),
    ])
    func periodDays(text: String, first: String, last: String) throws {
        let period = try #require(SettlementPeriod(text))
        #expect(period.description == text)
        #expect(period.days.from == day(first))
        #expect(period.days.to == day(last))
    }

    @Test("a period starts and ends at Beijing midnights")
    func periodInstants() throws {
        let period = try #require(SettlementPeriod("2026-11"))
        #expect(period.days.start == utc("2026-10-31T16:00:00"))
        #expect(period.days.end == utc("2026-11-30T16:00:00"))
    }

    @Test("invalid periods are refused", arguments: [
        "2026-13", "2026-00", "2026-1", "26-11", "2026-11-01", "1999-12", "2026/11", "", "2026-", "-11", "2026-1a",
    ])
    func periodInvalid(text: String) {
        #expect(SettlementPeriod(text) == nil)
    }
}
