import Foundation

/// Times as the console shows them: stored in UTC, shown in the operator's zone. Platforms of this kind
/// run on Beijing time, so without a usable `TZ` the console shows UTC+8 rather than the server's UTC.
public enum ConsoleClock {
    public static let beijing = TimeZone(secondsFromGMT: 8 * 3600)!

    public static var defaultTimeZone: TimeZone { timeZone(environment: ProcessInfo.processInfo.environment) }

    /// `TZ` when it names a zone Foundation knows (`Asia/Shanghai`, `:UTC`), else UTC+8.
    public static func timeZone(environment: [String: String]) -> TimeZone {
        guard var name = environment["TZ"], !name.isEmpty else { return beijing }
        if name.hasPrefix(":") { name.removeFirst() }
        return TimeZone(identifier: name) ?? TimeZone(abbreviation: name) ?? beijing
    }

    /// "11-22 14:05:09": month, day and time, for this year's times; a time from another year than
    /// `today`'s is its date with the year, "2025-12-31" (the same width budget, and the day matters more
    /// than the second a year on). Without `today` (tests, before the first clock reading) no year is shown.
    public static func short(_ date: Date, in zone: TimeZone, today: Date? = nil) -> String {
        let parts = fields(date, in: zone)
        if let today, fields(today, in: zone).tm_year != parts.tm_year { return Self.date(date, in: zone) }
        return "\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) \(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
    }

    /// "2027-03-31": the calendar day in the operator's zone, with its year (an expiry next year and one
    /// this year must not look alike).
    public static func date(_ date: Date, in zone: TimeZone) -> String {
        let parts = fields(date, in: zone)
        return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))"
    }

    /// The civil fields of `date` in `zone` (the zone's offset at that moment).
    private static func fields(_ date: Date, in zone: TimeZone) -> tm {
        var seconds = time_t(floor(date.timeIntervalSince1970)) + time_t(zone.secondsFromGMT(for: date))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return parts
    }

    private static func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }

    /// "UTC+8", "UTC-3:30", "UTC": the zone's offset now, shown next to the times.
    public static func label(_ zone: TimeZone, at date: Date = Date()) -> String {
        let offset = zone.secondsFromGMT(for: date)
        guard offset != 0 else { return "UTC" }
        let sign = offset < 0 ? "-" : "+"
        let minutes = abs(offset) / 60
        return "UTC\(sign)\(minutes / 60)" + (minutes % 60 == 0 ? "" : ":\(minutes % 60 < 10 ? "0" : "")\(minutes % 60)")
    }
}
