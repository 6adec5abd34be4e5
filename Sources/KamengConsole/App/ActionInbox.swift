import Foundation

/// Actions posted from background work (query results, the data-version poller), drained by the loop on
/// its own thread. A lock rather than `Synchronization.Mutex` because the package still targets macOS 13.
///
/// Every post calls `wake` (set once, before work starts), so a loop waiting for a key sees the answer
/// at once instead of at the end of its read timeout.
final class ActionInbox: @unchecked Sendable {
    /// An action, or a frame-trace marker queued behind a key's queries (see `FrameTrace`).
    enum Item {
        case action(ConsoleAction)
        case marker(Int)
    }

    private let lock = NSLock()
    private var pending: [Item] = []
    var wake: (@Sendable () -> Void)?

    func post(_ action: ConsoleAction) { append(.action(action)) }

    func postMarker(_ marker: Int) { append(.marker(marker)) }

    private func append(_ item: Item) {
        lock.lock()
        pending.append(item)
        lock.unlock()
        wake?()
    }

    func drain() -> [Item] {
        lock.lock()
        defer { lock.unlock() }
        let taken = pending
        pending.removeAll()
        return taken
    }

    /// True when something waits to be drained (a read that returned early was woken for it).
    var hasPending: Bool {
        lock.lock()
        defer { lock.unlock() }
        return !pending.isEmpty
    }
}

/// Polls `dataVersion()` off the input thread, so a slow or locked database never delays a key press,
/// and posts a value only when it changed, so an idle console wakes for nothing.
///
/// It polls on the loop's serial query queue: `pollNow()` before the first loads makes the baseline
/// version older than the data they read, so a commit landing between them still triggers a reload.
final class DataVersionPoller: @unchecked Sendable {
    private let timer: DispatchSourceTimer
    private let queue: DispatchQueue
    private let source: any ConsoleDataSource
    private let inbox: ActionInbox
    private var last: Int?  // only touched on `queue`

    init(source: any ConsoleDataSource, interval: Double, inbox: ActionInbox, queue: DispatchQueue) {
        self.source = source
        self.inbox = inbox
        self.queue = queue
        timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(100))
        timer.setEventHandler { [weak self] in self?.poll() }
    }

    private func poll() {
        guard let version = try? source.dataVersion(), version != last else { return }
        last = version
        inbox.post(.dataVersionPolled(version))
    }

    /// Queues one poll now (ahead of any query queued on its queue after this call), then `done`.
    func pollNow(then done: @escaping @Sendable () -> Void = {}) {
        queue.async {
            self.poll()
            done()
        }
    }

    func start() { timer.resume() }

    func stop() { timer.cancel() }
}
