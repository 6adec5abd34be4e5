import Foundation
import KamengStore

/// Builds a `KamengStore.OrderCursor` from a page key.
///
/// TEMPORARY: `OrderCursor` has public stored properties but no public initializer (its memberwise one is
/// internal to KamengStore, and Swift forbids an extension initializer that assigns the fields of another
/// module's struct). Until KamengStore adds `public init(createdAt:id:)` (or a `cursor` on OrderSummary),
/// this builds one from a struct of identical layout and then verifies, through the public getters, that
/// the fields read back exactly; if they do not (the layout changed), paging reports itself unavailable
/// instead of guessing.
enum StoreCursorBridge {
    /// Paging past the first page is impossible with this KamengStore.
    struct Unavailable: Error, CustomStringConvertible {
        var description: String { "paging unavailable: KamengStore.OrderCursor has no public initializer" }
    }

    private struct Layout {
        var createdAt: String
        var id: Int64
    }

    static func cursor(for key: OrderPageKey) -> OrderCursor? {
        guard MemoryLayout<Layout>.size == MemoryLayout<OrderCursor>.size,
              MemoryLayout<Layout>.alignment == MemoryLayout<OrderCursor>.alignment
        else { return nil }
        let text = storeTime(key.createdAt)
        let cursor = unsafeBitCast(Layout(createdAt: text, id: key.id), to: OrderCursor.self)
        guard cursor.createdAt == text, cursor.id == key.id else { return nil }
        return cursor
    }

    /// The store's text form of a time: UTC "yyyy-MM-dd HH:mm:ss.SSS" (KamengStore's StoreTime).
    /// Rounded to the nearest millisecond: stored times are whole milliseconds, and a Date parsed back
    /// from one can sit a hair below it, which rounding down would turn into the previous millisecond.
    static func storeTime(_ date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let seconds = millis >= 0 ? millis / 1000 : (millis - 999) / 1000
        let fraction = Int32(millis - seconds * 1000)
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2)) "
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(fraction, 3))"
    }
}
