import Foundation
import KamengStorage

/// Actions posted from background work (query results, the change notices), drained by the loop on
/// its own thread. A lock rather than `Synchronization.Mutex` because the package still targets macOS 13.
///
/// Every post calls `wake` (set once, before work starts), so a loop waiting for a key sees the answer
/// at once instead of at the end of its read timeout. Not final: the frame trace wraps it (`TracedInbox`).
class ActionInbox: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: [ConsoleAction] = []
    var wake: (@Sendable () -> Void)?

    func post(_ action: ConsoleAction) {
        lock.lock()
        pending.append(action)
        lock.unlock()
        wake?()
    }

    func drain() -> [ConsoleAction] {
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

/// Follows the engine's change notices (`engine.changes(every:)`) off the input thread, so a slow or
/// locked database never delays a key press, and posts each one as `dataVersionPolled`: the engine
/// sends a notice only when its counter moved, so an idle console wakes for nothing.
///
/// The first notice is the baseline; `baseline` opens once it is posted (or once the notices end
/// without one), and the first loads wait for it, so a commit landing between the baseline and their
/// reads still triggers a reload.
final class ChangeWatcher: Sendable {
    let baseline = Gate()
    private let task: Task<Void, Never>

    init(_ changes: ChangeNotices, inbox: ActionInbox) {
        let baseline = self.baseline
        // Its own queue, like the lanes: the notices must not wait for the cooperative pool.
        task = Task(executorPreference: QueueTaskExecutor(label: "kameng.console.changes", qos: .utility)) {
            for await notice in changes {
                inbox.post(.dataVersionPolled(notice.version))
                baseline.open()
            }
            baseline.open()
        }
    }

    func stop() { task.cancel() }
}
