import CNcurses
import Glibc

/// Process-wide ncurses bookkeeping: one SCREEN at a time, and one lock around every call.
///
/// ncurses keeps global state (the current SCREEN, stdscr, cur_term), and on this ncurses (6.4)
/// several live SCREENs are not safe even when used strictly one after another: drawing on A after
/// B (with fewer rows) has drawn crashes in `doupdate`, and `delscreen(B)` corrupts A — both
/// reproduced in plain C. So a terminal waits for the previous one to stop (`claim`) before
/// `newterm`; a headless test or `FrameByteMeter` therefore cannot run while the real terminal is
/// open, and parallel tests simply take turns.
final class NcursesRuntime: @unchecked Sendable {
    static let shared = NcursesRuntime()
    // Heap-allocated: pthread objects must not move, and Swift may move stored properties.
    private let callMutex: UnsafeMutablePointer<pthread_mutex_t>
    private let claimMutex: UnsafeMutablePointer<pthread_mutex_t>
    private let released: UnsafeMutablePointer<pthread_cond_t>
    private var claimed = false

    private init() {
        callMutex = .allocate(capacity: 1)
        claimMutex = .allocate(capacity: 1)
        released = .allocate(capacity: 1)
        var attributes = pthread_mutexattr_t()
        pthread_mutexattr_init(&attributes)
        // Recursive so an entry point may call another without deadlock.
        pthread_mutexattr_settype(&attributes, Int32(PTHREAD_MUTEX_RECURSIVE))
        pthread_mutex_init(callMutex, &attributes)
        pthread_mutexattr_destroy(&attributes)
        pthread_mutex_init(claimMutex, nil)
        pthread_cond_init(released, nil)
    }

    /// Serialises ncurses calls (the app may draw from one thread while a test reads another's bytes).
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(callMutex)
        defer { pthread_mutex_unlock(callMutex) }
        return try body()
    }

    /// Waits until no terminal is open, then marks one open. False if `seconds` passed first.
    func claim(waitingUpTo seconds: Int) -> Bool {
        pthread_mutex_lock(claimMutex)
        defer { pthread_mutex_unlock(claimMutex) }
        var deadline = timespec()
        clock_gettime(CLOCK_REALTIME, &deadline)
        deadline.tv_sec += seconds
        while claimed {
            if pthread_cond_timedwait(released, claimMutex, &deadline) == ETIMEDOUT, claimed { return false }
        }
        claimed = true
        return true
    }

    /// The open terminal has been stopped and its SCREEN freed.
    func release() {
        pthread_mutex_lock(claimMutex)
        claimed = false
        pthread_cond_signal(released)
        pthread_mutex_unlock(claimMutex)
    }
}
