import Foundation

/// The hand-over between the reader thread (read, verify, parse) and the writer (one transaction per
/// group). Bounded, so the reader runs at most one group ahead and a line's latency from read to commit
/// stays about two group times; the writer closes a group at `maxLines` or when its first line has
/// waited `maxWait`, whichever comes first, so a slow trickle of lines is still committed promptly.
final class IntakeQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [PreparedLine] = []
    private var finished = false
    private var cancelled = false
    private var failure: (any Error)?
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Adds a line, waiting while the queue is full; false once the writer has given up.
    func push(_ line: PreparedLine) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !cancelled { condition.wait() }
        if cancelled { return false }
        items.append(line)
        condition.broadcast()
        return true
    }

    /// Whether a line is waiting (or the input has ended): taking a group now would not block for long.
    var hasLines: Bool {
        condition.lock()
        defer { condition.unlock() }
        return !items.isEmpty || finished
    }

    /// No more lines; `error` when reading failed.
    func finish(error: (any Error)?) {
        condition.lock()
        finished = true
        failure = error
        condition.broadcast()
        condition.unlock()
    }

    /// The writer stopped: wake and release the reader.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next group's lines; empty once the input is done. Throws the reader's error after the last line.
    func takeGroup(maxLines: Int, maxWaitNanos: UInt64) throws -> [PreparedLine] {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !finished { condition.wait() }
        if items.isEmpty {
            if let failure { throw failure }
            return []
        }
        let deadline = items[0].readAt + maxWaitNanos
        while items.count < maxLines && !finished {
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < deadline else { break }
            _ = condition.wait(until: Date(timeIntervalSinceNow: Double(deadline - now) / 1e9))
        }
        let count = min(maxLines, items.count)
        let group = Array(items[0..<count])
        items.removeFirst(count)
        condition.broadcast()
        return group
    }
}
