import Foundation

/// A substation's outbox as its health sees it: notices not yet delivered (given up included), how
/// many of them failed at least once, and when the oldest was written.
public struct NoticeBacklog: Hashable, Sendable, Codable {
    public var undelivered: Int
    public var failing: Int
    public var oldestAt: Date?

    public init(undelivered: Int, failing: Int, oldestAt: Date?) {
        self.undelivered = undelivered
        self.failing = failing
        self.oldestAt = oldestAt
    }
}
