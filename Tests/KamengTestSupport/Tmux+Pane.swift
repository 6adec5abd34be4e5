import Foundation

extension TmuxSession {
    /// Sends tmux `send-keys` arguments as given: key names (`"Enter"`, `"C-l"`), or `"-l", text` for text.
    public func send(_ keys: String...) throws {
        try paneCommand(["send-keys", "-t", name] + keys)
    }

    /// Appends every byte the program writes to the terminal from now on to `path` (tmux pipe-pane), for
    /// tests that check the raw stream, not just the screen tmux drew from it.
    public func record(to path: String) throws {
        try paneCommand(["pipe-pane", "-t", name, "-o", "cat >> '\(path)'"])
    }

    /// The pid of the program in the pane.
    public func panePID() throws -> pid_t {
        pid_t(try paneCommand(["display-message", "-p", "-t", name, "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// "1 0" once the program exited with status 0 (tmux reaped it and kept the pane).
    public func deadAndStatus() throws -> String {
        try paneCommand(["display-message", "-p", "-t", name, "#{pane_dead} #{pane_dead_status}"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `waitUntil` naming what it waits for, with the timeout in seconds: on timeout the error says what
    /// never appeared and shows the last screen.
    @discardableResult
    public func waitUntil(_ what: String, timeout: Double = 15, _ condition: ([String]) -> Bool) throws -> [String] {
        do {
            return try waitUntil(timeout: .milliseconds(Int(timeout * 1000)), condition)
        } catch TmuxError.timeout(let screen) {
            throw TestProgram.Failure(message: "timed out waiting for \(what); last screen:\n" + screen.joined(separator: "\n"))
        }
    }

    @discardableResult
    private func paneCommand(_ arguments: [String]) throws -> String {
        try TmuxSession.run(["-u", "-L", socket, "-f", "/dev/null"] + arguments)
    }
}
