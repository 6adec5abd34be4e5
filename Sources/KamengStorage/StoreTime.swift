import Foundation
import KamengDomain

/// Times as stored: UTC text "yyyy-MM-dd HH:mm:ss.SSS", the format GRDB reads back as Date,
/// readable in sqlite3 and sortable as text.
package enum StoreTime {
    /// Written digit by digit from the civil date (no `gmtime_r`, no `String(Int)` per field): intake
    /// formats three times per order, and the general-purpose way was a sixth of the writer's time.
    package static func string(_ date: Date) -> String {
        let t = UTCFields(date)
        let year = t.year, month = t.month, day = t.day, secondOfDay = t.secondOfDay, fraction = t.millisecond
        guard (0...9999).contains(year) else { return viaGmtime(date) }
        return String(unsafeUninitializedCapacity: 23) { buffer in
            func put(_ value: Int, _ width: Int, at offset: Int) {
                var v = value
                for i in stride(from: offset + width - 1, through: offset, by: -1) {
                    buffer[i] = UInt8(0x30 + v % 10)
                    v /= 10
                }
            }
            put(year, 4, at: 0); buffer[4] = 0x2D
            put(month, 2, at: 5); buffer[7] = 0x2D
            put(day, 2, at: 8); buffer[10] = 0x20
            put(secondOfDay / 3600, 2, at: 11); buffer[13] = 0x3A
            put(secondOfDay / 60 % 60, 2, at: 14); buffer[16] = 0x3A
            put(secondOfDay % 60, 2, at: 17); buffer[19] = 0x2E
            put(fraction, 3, at: 20)
            return 23
        }
    }

    /// A moment as integer milliseconds since 1970, exactly the milliseconds `string` writes for it (the
    /// same rounding as `UTCFields`), so it equals SQL's `created_ms` of that text (`StoreTimeMillisTests`).
    package static func millis(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    /// The general-purpose way: years outside 0…9999 (never stored in practice), and the tests' reference.
    package static func viaGmtime(_ date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let seconds = millis >= 0 ? millis / 1000 : (millis - 999) / 1000
        let fraction = Int(millis - seconds * 1000)
        var time = tm()
        var t = time_t(seconds)
        gmtime_r(&t, &time)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(time.tm_year + 1900, 4))-\(pad(time.tm_mon + 1, 2))-\(pad(time.tm_mday, 2)) "
            + "\(pad(time.tm_hour, 2)):\(pad(time.tm_min, 2)):\(pad(time.tm_sec, 2)).\(pad(Int32(fraction), 3))"
    }
}
