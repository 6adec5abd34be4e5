import Foundation

/// Runs one program in a detached tmux session on a private server, for end-to-end tests of the real
/// binary: type keys, read the screen back as text, resize, and count the bytes the program wrote.
///
/// Every session gets its own server (`tmux -L <unique socket>`), so tests can run in parallel and
/// never touch a developer's own tmux. Waits poll the screen (`waitUntil`), never sleep blindly.
public final class TmuxSession {
    public let name: String
    public let socket: String
    public private(set) var width: Int
    public private(set) var height: Int
    private var recordingPath: String?
    /// tmux leaves its socket file behind after kill-server; remembered so `kill` can remove it.
    private var socketPath: String?
    private var killed = false

    /// Starts `command` (run by `sh -c`) in a `width`×`height` window. The pane stays after the
    /// program exits (remain-on-exit), so its last screen can still be captured.
    public init(
        command: String, width: Int = 120, height: Int = 40,
        environment: [String: String] = [:], terminal: String = "tmux-256color"
    ) throws {
        let unique = "\(getpid())-\(TmuxSession.nextID())"
        name = "kameng-\(unique)"
        socket = "kameng-test-\(unique)"
        self.width = width
        self.height = height
        var arguments = ["start-server", ";", "set-option", "-g", "default-terminal", terminal, ";",
                         "set-option", "-g", "remain-on-exit", "on", ";",
                         "new-session", "-d", "-x", "\(width)", "-y", "\(height)", "-s", name]
        for (key, value) in environment.sorted(by: { $0.key < $1.key }) {
            arguments += ["-e", "\(key)=\(value)"]
        }
        arguments.append(command)
        try tmux(arguments)
        socketPath = try? tmux(["display-message", "-p", "#{socket_path}"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    deinit { kill() }

    /// Sends tmux key names: `"Down"`, `"Enter"`, `"C-l"`, `"Escape"`, `"F5"`, `"BTab"`.
    public func sendKeys(_ keys: String...) throws {
        try tmux(["send-keys", "-t", name] + keys)
    }

    /// Types `text` literally (UTF-8, so 中文 arrives as a real keyboard or IME would send it).
    public func type(_ text: String) throws {
        try tmux(["send-keys", "-t", name, "-l", text])
    }

    /// The visible screen, one string per row, trailing blanks trimmed by tmux.
    public func capture() throws -> [String] {
        let text = try tmux(["capture-pane", "-p", "-t", name])
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// Resizes the window, as dragging a terminal's corner would; the program gets SIGWINCH.
    public func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
        self.width = width
        self.height = height
    }

    /// Polls the screen every ~50 ms until `condition` holds; returns that screen or throws
    /// `TmuxError.timeout` carrying the last screen seen, so a failure shows what was there instead.
    @discardableResult
    public func waitUntil(
        timeout: Duration = .seconds(10), _ condition: ([String]) -> Bool
    ) throws -> [String] {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var screen: [String] = []
        repeat {
            screen = try capture()
            if condition(screen) { return screen }
            Thread.sleep(forTimeInterval: 0.05)
        } while clock.now < deadline
        throw TmuxError.timeout(lastScreen: screen)
    }

    /// Waits until some row contains `text`.
    @discardableResult
    public func waitFor(_ text: String, timeout: Duration = .seconds(10)) throws -> [String] {
        try waitUntil(timeout: timeout) { $0.contains { $0.contains(text) } }
    }

    /// True once the program in the pane has exited (the pane is kept by remain-on-exit).
    public func hasExited() throws -> Bool {
        try tmux(["display-message", "-p", "-t", name, "#{pane_dead}"]).hasPrefix("1")
    }

    /// True while the program has the alternate screen (curses mode); false once it has restored it.
    public func alternateScreenIsOn() throws -> Bool {
        try tmux(["display-message", "-p", "-t", name, "#{alternate_on}"]).hasPrefix("1")
    }

    /// Appends everything the program writes from now on to a file, to count bytes per interaction.
    public func startRecording() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("\(name).bytes").path
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        try tmux(["pipe-pane", "-t", name, "-o", "cat >> '\(path)'"])
        recordingPath = path
    }

    /// Bytes recorded since `startRecording`.
    public func recordedBytes() -> Int {
        guard let recordingPath,
              let attributes = try? FileManager.default.attributesOfItem(atPath: recordingPath)
        else { return 0 }
        return (attributes[.size] as? Int) ?? 0
    }

    /// Everything recorded since `startRecording`, raw.
    public func recordedData() -> Data {
        guard let recordingPath else { return Data() }
        return FileManager.default.contents(atPath: recordingPath) ?? Data()
    }

    /// Waits until the recording stops growing for `quiet` (the program finished its frame), then
    /// returns its size: the writes go through a pipe and `cat`, so they land a little late.
    public func settledRecordedBytes(quiet: Duration = .milliseconds(200), timeout: Duration = .seconds(5)) -> Int {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var last = recordedBytes()
        var stableSince = clock.now
        while clock.now < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            let now = recordedBytes()
            if now != last { last = now; stableSince = clock.now } else if clock.now - stableSince >= quiet { break }
        }
        return last
    }

    /// Ends the program and its private tmux server.
    public func kill() {
        guard !killed else { return }
        killed = true
        _ = try? tmux(["kill-server"])
        if let socketPath, !socketPath.isEmpty { unlink(socketPath) }
        if let recordingPath { try? FileManager.default.removeItem(atPath: recordingPath) }
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        try TmuxSession.run(["-u", "-L", socket, "-f", "/dev/null"] + arguments)
    }
}
