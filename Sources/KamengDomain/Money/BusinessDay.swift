import Foundation

/// A calendar day as the platform keeps its books: in UTC+8 (Beijing time), whatever the machine's
/// zone. Statements, reports, settlement periods and reconciliation count in these days; storage keeps
/// UTC and converts at the edges (`start`, `end`).
public struct BusinessDay: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public static let timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
    public var year: Int
    public var month: Int
    public var day: Int

    public init?(year: Int, month: Int, day: Int) {
        var parts = DateComponents()
        parts.year = year; parts.month = month; parts.day = day
        guard (2000...9999).contains(year), parts.isValidDate(in: Self.calendar) else { return nil }
        self.year = year; self.month = month; self.day = day
    }

    /// "2026-11-30".
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The day in UTC+8 that `date` falls on.
    public init(containing date: Date) {
        let parts = Self.calendar.dateComponents([.year, .month, .day], from: date)
        year = parts.year!; month = parts.month!; day = parts.day!
    }

    /// Midnight at the start of the day (UTC+8), as an instant.
    public var start: Date {
        Self.calendar.date(from: DateComponents(year: year, month: month, day: day))!
    }

    /// Midnight at the end of the day: the next day's start (exclusive).
    public var end: Date { adding(days: 1).start }

    public func adding(days: Int) -> BusinessDay {
        BusinessDay(containing: Self.calendar.date(byAdding: .day, value: days, to: start)!.addingTimeInterval(1))
    }

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    public static func < (a: BusinessDay, b: BusinessDay) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    private static let calendar: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = timeZone
        return c
    }()
}

/// Days from `from` to `to`, both included.
public struct BusinessDays: Hashable, Sendable, Codable, CustomStringConvertible {
    public var from: BusinessDay
    public var to: BusinessDay

    public init(from: BusinessDay, to: BusinessDay) {
        self.from = from
        self.to = to
    }

    /// The `count` days ending with the day `now` falls on (today counts as one).
    public static func last(_ count: Int, now: Date) -> BusinessDays {
        let today = BusinessDay(containing: now)
        return BusinessDays(from: today.adding(days: -(max(count, 1) - 1)), to: today)
    }

    /// The first instant included and the first excluded.
    public var start: Date { from.start }
    public var end: Date { to.end }

    /// Every day in order.
    public var days: [BusinessDay] {
        var out: [BusinessDay] = []
        var day = from
        while day <= to { out.append(day); day = day.adding(days: 1) }
        return out
    }

    public var description: String { "\(from)…\(to)" }
}
