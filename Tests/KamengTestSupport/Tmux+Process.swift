import Foundation
import Synchronization
// Tests that import the support see `ChildProcess` too.
@_exported import KamengProcess

/// Why a tmux-driven test step failed.
public enum TmuxError: Error, CustomStringConvertible {
    /// tmux itself failed (not installed, bad target…), with its stderr.
    case commandFailed(arguments: [String], status: Int32, stderr: String)
    /// A `waitUntil` condition never held; the last screen is attached for the failure message.
    case timeout(lastScreen: [String])

    public var description: String {
        switch self {
        case let .commandFailed(arguments, status, stderr):
            "tmux \(arguments.joined(separator: " ")) exited \(status): \(stderr)"
        case let .timeout(lastScreen):
            "timed out; last screen:\n" + lastScreen.joined(separator: "\n")
        }
    }
}

extension TmuxSession {
    /// Whether tmux can be run here, so suites can skip cleanly where it is missing.
    public static var isAvailable: Bool {
        (try? run(["-V"])) != nil
    }

    private static let counter = Atomic<Int>(0)

    static func nextID() -> Int {
        counter.add(1, ordering: .relaxed).newValue
    }

    /// Runs tmux and returns its stdout (`ChildProcess`: no signals blocked, TMUX unset).
    static func run(_ arguments: [String]) throws -> String {
        let outcome: ChildProcess.Outcome
        do { outcome = try ChildProcess.run("tmux", arguments) } catch let error as ChildProcess.SpawnError {
            throw TmuxError.commandFailed(arguments: arguments, status: -1, stderr: error.message)
        }
        guard outcome.status == 0 else {
            throw TmuxError.commandFailed(arguments: arguments, status: outcome.status, stderr: outcome.stderr)
        }
        return outcome.stdout
    }
}
