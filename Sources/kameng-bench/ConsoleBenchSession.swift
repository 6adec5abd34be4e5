import ArgumentParser
import Foundation
import KamengProcess

/// One `kameng` console in a private tmux server, started by a (timed) Enter, driven by tmux send-keys,
/// and timed through the frame trace it appends to (`KAMENG_FRAME_TRACE`, see KamengConsole's FrameTrace).
final class ConsoleBenchSession {
    /// A line of the trace: `<from ns> <to ns> <name>[ unchanged]`.
    struct Record {
        var from: UInt64
        var to: UInt64
        var name: String
        var unchanged: Bool
        var millis: Double { Double(to &- from) / 1e6 }
    }

    /// A key's timing: key received → frame (the console's own clock) and key sent → frame (ours, so it
    /// adds tmux's client, server and pty on the way in).
    struct KeyTiming {
        var name: String
        var receivedToFrame: Double
        var sentToFrame: Double
        var unchanged: Bool
    }

    let socket = "kameng-bench-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let session = "console"
    let tracePath: String
    private var traceOffset: UInt64 = 0
    private var buffered = ""
    private var killed = false
    private var socketPath: String?

    /// Opens a `width`×`height` window whose shell waits for Enter, then execs `command`.
    init(command: [String], environment: [String: String], width: Int, height: Int, tracePath: String) throws {
        self.tracePath = tracePath
        try? FileManager.default.removeItem(atPath: tracePath)
        _ = FileManager.default.createFile(atPath: tracePath, contents: nil)
        var arguments = ["start-server", ";", "set-option", "-g", "default-terminal", "tmux-256color", ";",
                         "set-option", "-g", "remain-on-exit", "on", ";",
                         "new-session", "-d", "-x", "\(width)", "-y", "\(height)", "-s", session]
        for (key, value) in environment.sorted(by: { $0.key < $1.key }) { arguments += ["-e", "\(key)=\(value)"] }
        arguments.append("read _; exec " + command.map(Self.quote).joined(separator: " "))
        try tmux(arguments)
        socketPath = (try? tmux(["display-message", "-p", "#{socket_path}"]))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    deinit { kill() }

    /// Ends the program and the private tmux server, and removes the socket file kill-server leaves.
    func kill() {
        guard !killed else { return }
        killed = true
        _ = try? tmux(["kill-server"])
        if let socketPath, !socketPath.isEmpty { unlink(socketPath) }
    }

    /// Presses Enter once the shell is blocked reading it; returns when it was sent (CLOCK_MONOTONIC ns).
    func start() throws -> UInt64 {
        let pid = try panePID()
        // /proc/PID/syscall starts with the number of the call it is blocked in: 0 is read(2).
        try waitFor("the shell to wait for Enter", timeout: 10) {
            ((try? String(contentsOfFile: "/proc/\(pid)/syscall", encoding: .utf8)) ?? "").hasPrefix("0 ") ? true : nil
        }
        let sent = Self.now()
        try tmux(["send-keys", "-t", session, "Enter"])
        return sent
    }

    /// The startup milestone `name` (`@first-frame`, `@orders-shown`, `@settled`); nil if it did not come
    /// within `timeout`. Milestones come in that order; key records are not expected before they do.
    func waitForMilestone(_ name: String, timeout: Double) throws -> Record? {
        if let seen = milestones[name] { return seen }
        return try? waitFor("the trace record \(name)", timeout: timeout) { () -> Record? in
            while try takeRecord() != nil {}
            return milestones[name]
        }
    }

    /// Sends one key (a tmux key name, or literal text with `literal`) and waits for its trace record.
    func press(_ key: String, literal: Bool = false, expect name: String, timeout: Double = 30) throws -> KeyTiming {
        let sent = Self.now()
        try tmux(["send-keys", "-t", session] + (literal ? ["-l", key] : [key]))
        let record = try waitFor("the frame for \(name)", timeout: timeout) { () throws -> Record? in
            guard let record = try takeRecord(), !record.name.hasPrefix("@") else { return nil }
            guard record.name == name else { throw ValidationError("expected a trace record for \(name), got \(record.name)") }
            return record
        }
        return KeyTiming(name: name, receivedToFrame: record.millis, sentToFrame: Double(record.to &- sent) / 1e6, unchanged: record.unchanged)
    }

    /// Sends `q` and waits for the program to exit.
    func quit() throws {
        try tmux(["send-keys", "-t", session, "q"])
        try waitFor("the console to exit", timeout: 30) {
            (try? tmux(["display-message", "-p", "-t", session, "#{pane_dead}"]))?.hasPrefix("1") == true ? true : nil
        }
    }

    func capture() -> String { (try? tmux(["capture-pane", "-p", "-t", session])) ?? "" }

    /// utime + stime of the program in the pane so far, in seconds (from /proc; the pane runs it by exec).
    func cpuSeconds() throws -> Double {
        let pid = try panePID()
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.range(of: ")", options: .backwards) else { return 0 }
        let fields = stat[close.upperBound...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    private func panePID() throws -> pid_t {
        pid_t(try tmux(["display-message", "-p", "-t", session, "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    private var milestones: [String: Record] = [:]

    /// The next key record appended to the trace, if one has come; milestones are set aside.
    private func takeRecord() throws -> Record? {
        while true {
            if let newline = buffered.firstIndex(of: "\n") {
                let fields = buffered[..<newline].split(separator: " ")
                buffered = String(buffered[buffered.index(after: newline)...])
                guard fields.count >= 3, let from = UInt64(fields[0]), let to = UInt64(fields[1]) else { continue }
                let record = Record(from: from, to: to, name: String(fields[2]), unchanged: fields.count > 3 && fields[3] == "unchanged")
                if record.name.hasPrefix("@") { milestones[record.name] = record }
                return record
            }
            guard let handle = FileHandle(forReadingAtPath: tracePath) else { return nil }
            defer { try? handle.close() }
            try handle.seek(toOffset: traceOffset)
            let data = handle.readDataToEndOfFile()
            guard !data.isEmpty else { return nil }
            traceOffset += UInt64(data.count)
            buffered += String(decoding: data, as: UTF8.self)
        }
    }

    /// Polls `probe` every millisecond until it returns a value; throws with the screen on timeout.
    @discardableResult
    private func waitFor<T>(_ what: String, timeout: Double, _ probe: () throws -> T?) throws -> T {
        let deadline = Self.now() + UInt64(timeout * 1e9)
        while Self.now() < deadline {
            if let value = try probe() { return value }
            usleep(1_000)
        }
        throw ValidationError("timed out waiting for \(what); screen:\n\(capture())")
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        let run = try ChildProcess.run("tmux", ["-u", "-L", socket, "-f", "/dev/null"] + arguments)
        guard run.status == 0 else { throw ValidationError("tmux \(arguments.prefix(3).joined(separator: " ")) failed: \(run.stderr)") }
        return run.stdout
    }

    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    static func quote(_ word: String) -> String { "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
