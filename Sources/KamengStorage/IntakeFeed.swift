import Foundation

/// Intake lines handed over in memory by a long-lived producer (the HTTP API), for one `ingest` run that
/// lasts as long as the server. Lines are numbered in the order they are submitted; the run's `onGroup`
/// reports each number once its group is durable. Bounded: `submit` refuses (instead of waiting) when
/// `capacity` lines are in flight, so a flood becomes a `503` and not unbounded memory.
public final class IntakeFeed: @unchecked Sendable {
    /// One line and the actor its group's audit row names (`api:CODE`).
    public struct Line: Sendable {
        public var number: Int
        public var bytes: [UInt8]
        public var auditActor: String
    }

    private let condition = NSCondition()
    private var lines: [Line] = []
    private var head = 0
    private var nextNumber = 1
    private var inFlightCount = 0
    private var closed = false
    public let capacity: Int

    public init(capacity: Int) { self.capacity = max(1, capacity) }

    /// Adds lines as one block; their numbers, or nil when that would pass `capacity` or the feed is closed.
    public func submit(_ block: [[UInt8]], auditActor: String) -> [Int]? {
        condition.lock()
        defer { condition.unlock() }
        guard !closed, inFlightCount + block.count <= capacity else { return nil }
        var numbers: [Int] = []
        numbers.reserveCapacity(block.count)
        for bytes in block {
            lines.append(Line(number: nextNumber, bytes: bytes, auditActor: auditActor))
            numbers.append(nextNumber)
            nextNumber += 1
        }
        inFlightCount += block.count
        condition.broadcast()
        return numbers
    }

    /// Lines submitted and not yet `complete`d.
    public var inFlight: Int {
        condition.lock()
        defer { condition.unlock() }
        return inFlightCount
    }

    /// The producer heard the outcome of `count` lines: room for as many more.
    public func complete(_ count: Int) {
        condition.lock()
        inFlightCount = max(0, inFlightCount - count)
        condition.unlock()
    }

    /// No more lines: the run ends once those already submitted are applied.
    public func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// The engine's side: the next line, waiting for one; nil once closed and drained.
    public func next() -> Line? {
        condition.lock()
        defer { condition.unlock() }
        while head == lines.count && !closed { condition.wait() }
        guard head < lines.count else { return nil }
        let line = lines[head]
        head += 1
        if head > 4096, head * 2 > lines.count {
            lines.removeFirst(head)
            head = 0
        }
        return line
    }
}
