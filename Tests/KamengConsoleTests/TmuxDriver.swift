import Foundation

/// A small private tmux driver for the end-to-end test (Tests/KamengTestSupport has a fuller one, not
/// yet a package target). One private server per test (`-L`), so it never touches a user's tmux.
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

    /// Runs a program, returning its stdout; throws with its stderr when it fails.
    ///
    /// posix_spawn and waitpid rather than Foundation's Process: in this test process Process.waitUntilExit
    /// was seen never returning for a tmux client that had exited (left a zombie), and reading its pipes
    /// traps on EINTR. Output goes to temporary files, so a daemon (the tmux server) inheriting them
    /// cannot hold a pipe open either.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> String {
        var env = environment ?? ProcessInfo.processInfo.environment
        env.removeValue(forKey: "TMUX")
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("kameng-run-\(UUID().uuidString)")
        let outPath = base.path + ".out", errPath = base.path + ".err"
        defer { unlink(outPath); unlink(errPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        // The test runner's threads block signals (libdispatch); a child inherits that mask, and a console
        // started with SIGWINCH blocked never hears of a resize. Start children with none blocked.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t(), allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw Failure(message: "cannot run \(executable): errno \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        let exited = status & 0x7f == 0, code = (status >> 8) & 0xff
        guard exited, code == 0 else {
            throw Failure(message: "\(executable) \(arguments.joined(separator: " ")) failed (status \(status)): \(err)")
        }
        return out
    }
}
