import Foundation

/// Someone looked at a low-stock alert: acknowledged it (it stays away while stock holds) or snoozed it
/// (it stays away until a time). Either way an alert comes back on its own when things get worse, and a
/// restock ends the acknowledgement.
public struct StockAlertAck: Hashable, Sendable {
    public var sku: String
    /// Available keys when it was acknowledged.
    public var availableAtAck: Int
    /// Set for a snooze: hidden until then.
    public var snoozedUntil: Date?
    public var by: String
    public var at: Date

    public init(sku: String, availableAtAck: Int, snoozedUntil: Date? = nil, by: String, at: Date) {
        self.sku = sku
        self.availableAtAck = availableAtAck
        self.snoozedUntil = snoozedUntil
        self.by = by
        self.at = at
    }

    /// Whether this acknowledgement still hides `alert` at `now`:
    /// - more stock than at the acknowledgement means a restock happened: the acknowledgement is over;
    /// - running out, or falling below half the acknowledged level, brings the alert back ("keeps falling");
    /// - a snooze lasts until its time; a plain acknowledgement until one of the above.
    public func suppresses(_ alert: StockAlert, now: Date) -> Bool {
        let available = alert.position.available
        if available > availableAtAck { return false }
        if available <= 0 && availableAtAck > 0 { return false }
        if available * 2 < availableAtAck { return false }
        if let until = snoozedUntil { return now < until }
        return true
    }
}
