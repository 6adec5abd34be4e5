import Foundation
import KamengStorage

/// Requests and rejects per substation since the last flush; the flusher hands them to the store so
/// the console (another process) shows them.
final class TrafficCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [String: (requests: Int, rejects: Int)] = [:]

    func count(_ code: String, requests: Int = 1, rejects: Int) {
        lock.withLock {
            var entry = counts[code] ?? (0, 0)
            entry.requests += requests
            entry.rejects += rejects
            counts[code] = entry
        }
    }

    /// Everything counted so far, and a fresh start.
    func drain() -> [APITrafficCount] {
        let taken = lock.withLock {
            defer { counts.removeAll() }
            return counts
        }
        return taken.map { APITrafficCount(substation: $0.key, requests: $0.value.requests, rejects: $0.value.rejects) }
            .sorted { $0.substation < $1.substation }
    }

    /// Puts back counts a failed flush could not store, so they are not lost.
    func restore(_ taken: [APITrafficCount]) {
        for count in taken { self.count(count.substation, requests: count.requests, rejects: count.rejects) }
    }
}
