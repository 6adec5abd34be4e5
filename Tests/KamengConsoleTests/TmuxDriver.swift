import Foundation
import KamengTestSupport

/// A small tmux driver for the older end-to-end tests (KamengTestSupport's `TmuxSession` is the fuller
/// one; both start processes through `KamengProcess.ChildProcess`). One private server per test (`-L`), so it never touches a user's tmux.
final class Tmux {
    let socket = "kameng-console-test-\(getpid())-\(UUID().uuidString.prefix(8))"
    let session = "console"

    static var isAvailable: Bool { (try? run("/usr/bin/env", ["tmux", "-V"])) != nil }

    init(command: String, width: Int, height: Int, environment: [String: String]) throws {
        var arguments = ["start-server", ";", "set-option", "-g", "default-terminal", "tmux-256color", ";",
                         "set-option", "-g", "remain-on-exit", "on", ";",
                         "new-session", "-d", "-x", "\(width)", "-y", "\(height)", "-s", session]
        for (key, value) in environment.sorted(by: { $0.key < $1.key }) { arguments += ["-e", "\(key)=\(value)"] }
        try tmux(arguments + [command])
    }

    deinit { _ = try? tmux(["kill-server"]) }

    func capture() throws -> [String] {
        var lines = try tmux(["capture-pane", "-p", "-t", session]).components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    func send(_ keys: String...) throws { try tmux(["send-keys", "-t", session] + keys) }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", session, "-x", "\(width)", "-y", "\(height)"])
    }

    /// Appends every byte the program writes to the terminal from now on to `path` (tmux pipe-pane),
    /// for tests that check the raw stream, not just the screen tmux drew from it.
    func record(to path: String) throws {
        try tmux(["pipe-pane", "-t", session, "-o", "cat >> '\(path)'"])
    }

    /// The pid of the program in the pane.
    func panePID() throws -> pid_t {
        pid_t(try tmux(["display-message", "-p", "-t", session, "#{pane_pid}"])
            .trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// "1 0" once the program exited with status 0.
    func deadAndStatus() throws -> String {
        try tmux(["display-message", "-p", "-t", session, "#{pane_dead} #{pane_dead_status}"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Polls every 50 ms until `condition` accepts the screen; on timeout throws with the last screen.
    @discardableResult
    func waitUntil(_ what: String, timeout: Double = 15, _ condition: ([String]) -> Bool) throws -> [String] {
        let deadline = Date().addingTimeInterval(timeout)
        var screen: [String] = []
        repeat {
            screen = try capture()
            if condition(screen) { return screen }
            Thread.sleep(forTimeInterval: 0.05)
        } while Date() < deadline
        throw Failure(message: "timed out waiting for \(what); last screen:\n" + screen.joined(separator: "\n"))
    }

    struct Failure: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        try Self.run("/usr/bin/env", ["tmux", "-u", "-L", socket, "-f", "/dev/null"] + arguments)
    }

    /// Runs a program, returning its stdout; throws with its stderr when it fails (`ChildProcess`).
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> String {
        let outcome: ChildProcess.Outcome
        do { outcome = try ChildProcess.run(executable, arguments, environment: environment) } catch {
            throw Failure(message: String(describing: error))
        }
        guard outcome.status == 0 else {
            throw Failure(message: "\(executable) \(arguments.joined(separator: " ")) failed (status \(outcome.waitStatus)): \(outcome.stderr)")
        }
        return outcome.stdout
    }
}
