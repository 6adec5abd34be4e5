import Foundation
import Synchronization

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

    /// Runs tmux and returns its stdout, via posix_spawn so the child's signal mask can be reset (below).
    static func run(_ arguments: [String]) throws -> String {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString)").path
        let (outPath, errPath) = (base + ".out", base + ".err")
        defer { unlink(outPath); unlink(errPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // Without TMUX set, tmux neither refuses to nest nor looks at the developer's own server.
        let environment = ProcessInfo.processInfo.environment.filter { $0.key != "TMUX" }.map { "\($0.key)=\($0.value)" }
        let argv = (["tmux"] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        // The calling thread (a test worker) blocks signals, and a spawned child inherits that mask: a
        // tmux server started with SIGCHLD blocked never reaps its panes nor honours kill-server.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, "tmux", &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            throw TmuxError.commandFailed(arguments: arguments, status: -1, stderr: String(cString: strerror(spawned)))
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        let output = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        // WIFEXITED/WEXITSTATUS are macros; the low 7 bits hold the signal, the next 8 the status.
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        guard exitStatus == 0 else {
            let errors = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
            throw TmuxError.commandFailed(arguments: arguments, status: exitStatus, stderr: errors)
        }
        return output
    }
}
