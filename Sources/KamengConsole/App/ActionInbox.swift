import Foundation

/// Actions posted from background work (query results, the data-version poller), drained by the loop on
/// its own thread. A lock rather than `Synchronization.Mutex` because the package still targets macOS 13.
final class ActionInbox: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: [ConsoleAction] = []

    func post(_ action: ConsoleAction) {
        lock.lock()
        pending.append(action)
        lock.unlock()
    }

    func drain() -> [ConsoleAction] {
        lock.lock()
        defer { lock.unlock() }
        let taken = pending
        pending.removeAll()
        return taken
    }
}

/// Polls `dataVersion()` on its own queue so a slow or locked database never delays a key press, and
/// posts a value only when it changed, so an idle console wakes for nothing.
final class DataVersionPoller: @unchecked Sendable {
    private let timer: DispatchSourceTimer
    private let lock = NSLock()
    private var last: Int?

    init(source: any ConsoleDataSource, interval: Double, inbox: ActionInbox) {
        let queue = DispatchQueue(label: "kameng.console.poll", qos: .utility)
        timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(100))
        timer.setEventHandler { [weak self] in
            guard let self, let version = try? source.dataVersion() else { return }
            self.lock.lock()
            let changed = self.last != version
            self.last = version
            self.lock.unlock()
            if changed { inbox.post(.dataVersionPolled(version)) }
        }
    }

    func start() { timer.resume() }

    func stop() { timer.cancel() }
}
