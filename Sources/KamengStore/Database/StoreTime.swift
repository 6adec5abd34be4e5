import Foundation

/// Times as stored: UTC text "yyyy-MM-dd HH:mm:ss.SSS", the format GRDB reads back as Date,
/// readable in sqlite3 and sortable as text.
enum StoreTime {
    static func string(_ date: Date) -> String {
        // Nearest, not down: a Date read back from "….123" can sit a hair below it.
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
