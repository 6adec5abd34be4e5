import Foundation
import KamengStorage
import Synchronization

/// Ends an SSH session soon after its staff member loses access (disabled or removed): the row is
/// asked for every `interval`, and the session fails closed when it cannot be confirmed. A command in progress exits 1 at once; an open console is woken, leaves
/// the loop the way an interrupt does (terminal restored), and `ConsoleCommand` then exits 1.
enum SessionWatch {
    private static let removed = Atomic<Bool>(false)
    private static let consoleOpen = Atomic<Bool>(false)
    /// The console's waker, registered by `NcursesBackend`, so a console waiting for a key ends now.
    nonisolated(unsafe) static var wakeConsole: (@Sendable () -> Void)?

    static var accessRemoved: Bool { removed.load(ordering: .acquiring) }
    static var removedError: CLIError { CLIError(message: "your access was removed; the session has ended (你的访问权限已被撤销，会话结束)") }

    /// Starts watching `staff` in `engine` on a task of its own; runs until the process ends.
    static func start(engine: any KamengEngine, staff: String, interval: Duration) {
        Task.detached {
            var failures = 0
            while true {
                try? await Task.sleep(for: interval)
                do throws(StoreError) {
                    _ = try await engine.staff(userName: staff)
                    failures = 0
                } catch .unknownStaff {
                    end()
                    return
                } catch {
                    // One failed read may be a passing storage hiccup; access that cannot be confirmed
                    // three times running (a row that no longer verifies, a database gone) ends the session.
                    failures += 1
                    if failures >= 3 { end(); return }
                }
            }
        }
    }

    /// The console tells the watch while it owns the terminal, so a removal restores it first.
    static func consoleStarted() { consoleOpen.store(true, ordering: .releasing) }
    static func consoleStopped() { consoleOpen.store(false, ordering: .releasing) }

    private static func end() {
        removed.store(true, ordering: .releasing)
        if consoleOpen.load(ordering: .acquiring) {
            wakeConsole?()
        } else {
            FileHandle.standardError.write(Data("kameng: \(removedError.message)\n".utf8))
            exit(1)
        }
    }
}
