import Foundation

/// Reads expiry dates: `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYY.MM.DD` (month and day may be one
/// digit), `YYYYMMDD`, each with an optional time `HH:MM[:SS]` after a space or `T`.
///
/// Arithmetic by hand (days from civil date) instead of DateFormatter: it is exact, needs no
/// locale, and costs nothing on the hot path. A date without a time means the key is valid through
/// that whole day, so it becomes 23:59:59 of that day in `ImportOptions.expiryTimeZone` (UTC+8 by
/// default: suppliers write Beijing time). Anything else — impossible dates included — is nil.
enum ExpiryParser {
    static func parse(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, timeZone: TimeZone) -> Date? {
        var i = r.lowerBound
        let end = r.upperBound
        guard end - i >= 8, end - i <= 19 else { return nil }
        func digits(_ maxCount: Int) -> Int? {
            var v = 0, k = 0
            while i < end, k < maxCount, p[i] >= 0x30, p[i] <= 0x39 { v = v * 10 + Int(p[i] - 0x30); i += 1; k += 1 }
            return k == 0 ? nil : v
        }
        let start = i
        guard let first = digits(8) else { return nil }
        var year: Int, month: Int, day: Int
        if i - start == 8 {
            (year, month, day) = (first / 10000, first / 100 % 100, first % 100)
        } else {
            guard i - start == 4, i < end else { return nil }
            let sep = p[i]
            guard sep == 0x2D || sep == 0x2F || sep == 0x2E else { return nil }
            i += 1
            guard let m = digits(2), i < end, p[i] == sep else { return nil }
            i += 1
            guard let d = digits(2) else { return nil }
            (year, month, day) = (first, m, d)
        }
        var seconds = 23 * 3600 + 59 * 60 + 59
        if i < end {
            guard p[i] == 0x20 || p[i] == 0x54 else { return nil }
            i += 1
            guard let h = digits(2), i < end, p[i] == 0x3A else { return nil }
            i += 1
            guard let mi = digits(2), h < 24, mi < 60 else { return nil }
            var s = 0
            if i < end {
                guard p[i] == 0x3A else { return nil }
                i += 1
                guard let sec = digits(2), sec < 60 else { return nil }
                s = sec
            }
            guard i == end else { return nil }
            seconds = h * 3600 + mi * 60 + s
        }
        guard (1970...2200).contains(year), (1...12).contains(month),
              day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        let local = Double(daysFromCivil(year, month, day) * 86400 + seconds)
        let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: local))
        return Date(timeIntervalSince1970: local - Double(offset))
    }

    /// Excel serial date (1900 system: day 1 = 1900-01-01, with Excel's fake 1900-02-29) → Date,
    /// read as local time in `timeZone`. A whole serial means through the end of that day.
    static func fromExcelSerial(_ serial: Double, timeZone: TimeZone) -> Date? {
        guard serial >= 25569, serial < 120_000 else { return nil }  // 1970…2228
        var seconds = (serial - 25569) * 86400  // 25569 = 1970-01-01
        if serial == serial.rounded(.down) { seconds += 86399 }
        let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: seconds))
        return Date(timeIntervalSince1970: seconds.rounded() - Double(offset))
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's algorithm).
    static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }
}
