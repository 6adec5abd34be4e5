import Foundation

/// A loop's sleep that another task can end early: `wait(upTo:)` returns on `signal()` or after the
/// time given, whichever is first. A signal with nobody waiting is kept for the next wait.
final class Wakeup: @unchecked Sendable {
    private let lock = NSLock()
    private var pending = false
    private var waiter: (id: UInt64, continuation: CheckedContinuation<Void, Never>)?
    private var nextID: UInt64 = 0

    func signal() {
        lock.lock()
        if let waiter {
            self.waiter = nil
            lock.unlock()
            waiter.continuation.resume()
        } else {
            pending = true
            lock.unlock()
        }
    }

    func wait(upTo timeout: Duration) async {
        let id: UInt64 = lock.withLock {
            nextID += 1
            return nextID
        }
        let timer = Task {
            try? await Task.sleep(for: timeout)
            self.fire(id)
        }
        await withCheckedContinuation { continuation in
            lock.lock()
            if pending {
                pending = false
                lock.unlock()
                continuation.resume()
            } else {
                waiter = (id, continuation)
                lock.unlock()
            }
        }
        timer.cancel()
    }

    private func fire(_ id: UInt64) {
        lock.lock()
        guard let waiter, waiter.id == id else {
            lock.unlock()
            return
        }
        self.waiter = nil
        lock.unlock()
        waiter.continuation.resume()
    }
}
