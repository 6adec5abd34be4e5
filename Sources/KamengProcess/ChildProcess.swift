import Foundation

/// Runs a program to completion (the tmux drivers of the end-to-end tests and of `kameng-bench console`):
/// posix_spawnp and waitpid, output through temporary files.
///
/// Not Foundation's `Process`: in the test process `waitUntilExit` was seen never returning for a
/// tmux client that had exited, and reading its pipes traps on EINTR. Files, unlike pipes, cannot be
/// held open by a daemon (the tmux server) that inherits them. The test runner's threads block signals
/// and a child inherits that mask (a tmux server with SIGCHLD blocked never reaps its panes, a console
/// with SIGWINCH blocked never hears of a resize), so children start with none blocked. `TMUX` is
/// removed from the environment, so tmux neither refuses to nest nor looks at a developer's own server.
public enum ChildProcess {
    /// How a run ended: exit status (128 + the signal when killed), stdout and stderr.
    public struct Outcome: Sendable {
        public var status: Int32
        /// waitpid's status word as it came (exit status × 256, or the signal).
        public var waitStatus: Int32
        public var stdout: String
        public var stderr: String
    }

    /// `executable` is a path or a name looked up in PATH; `environment` defaults to this process's.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> Outcome {
        var env = environment ?? ProcessInfo.processInfo.environment
        env.removeValue(forKey: "TMUX")
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("kameng-run-\(UUID().uuidString)").path
        let (outPath, errPath) = (base + ".out", base + ".err")
        defer { unlink(outPath); unlink(errPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
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
        let spawned = posix_spawnp(&pid, executable, &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw SpawnError(executable: executable, message: String(cString: strerror(spawned))) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        // WIFEXITED/WEXITSTATUS are macros; the low 7 bits hold the signal, the next 8 the status.
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Outcome(status: exitStatus, waitStatus: status, stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                       stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }

    /// The program could not be started at all.
    public struct SpawnError: Error, CustomStringConvertible {
        public var executable: String
        public var message: String
        public var description: String { "cannot run \(executable): \(message)" }
    }
}
