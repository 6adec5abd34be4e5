import Foundation

/// A moment's UTC calendar fields, to the millisecond (nearest, not down: a Date read back from
/// "….123" can sit a hair below it). Computed from the day count with Howard Hinnant's civil-from-days
/// algorithm, without `gmtime_r` or a formatter: the stored times and the intake's RFC 3339 text both
/// format from these, and intake formats several times per order.
public struct UTCFields: Hashable, Sendable {
    public let year: Int
    public let month: Int
    public let day: Int
    public let secondOfDay: Int
    public let millisecond: Int

    @inlinable
    public init(_ date: Date) {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let seconds = millis >= 0 ? millis / 1000 : (millis - 999) / 1000
        millisecond = Int(millis - seconds * 1000)
        var days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        secondOfDay = Int(seconds - days * 86_400)
        days += 719_468
        let era = (days >= 0 ? days : days - 146_096) / 146_097
        let doe = days - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = Int(doy - (153 * mp + 2) / 5 + 1)
        month = Int(mp < 10 ? mp + 3 : mp - 9)
        year = Int(yoe + era * 400 + (month <= 2 ? 1 : 0))
    }
}
