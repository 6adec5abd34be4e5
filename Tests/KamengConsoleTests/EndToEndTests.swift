import Foundation
import KamengTestSupport
import TerminalUI
import Testing

/// The real binary in a real terminal (tmux): build a tiny demo database, open the console, resize it
/// through three sizes, quit. Every wait polls the screen; nothing sleeps for a fixed time.
@Suite("end to end: kameng in tmux", .enabled(if: TmuxSession.isAvailable), .serialized)
struct EndToEndTests {
    static var binary: String {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return exe.deletingLastPathComponent().appendingPathComponent("kameng").path
    }

    @Test func ordersPaneLiveResizeAndQuit() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kameng-console-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // The key file (under XDG_CONFIG_HOME) must not sit in the database's directory tree.
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("db"), withIntermediateDirectories: true)
        let db = dir.appendingPathComponent("db/demo.sqlite").path
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_CONFIG_HOME"] = dir.appendingPathComponent("config").path
        environment["XDG_DATA_HOME"] = dir.appendingPathComponent("data").path
        try TestProgram.run(Self.binary, ["demo", "--no-console", "--size", "tiny", "--db", db], environment: environment)

        let tmux = try TmuxSession(command: "\(Self.binary) --db '\(db)'", width: 120, height: 40, environment: [
            "XDG_CONFIG_HOME": environment["XDG_CONFIG_HOME"]!, "XDG_DATA_HOME": environment["XDG_DATA_HOME"]!,
            "LANG": "zh_CN.UTF-8", "TZ": "Asia/Shanghai",
        ])
        let pid = try tmux.panePID()
        let first = try tmux.waitUntil("order rows at 120x40") { Layout.isOrdersPane($0, width: 120, height: 40, minRows: 30) }
        print("--- kameng console at 120x40 ---\n" + first.joined(separator: "\n"))
        // Idle means asleep between ticks: over 3 s a busy loop would burn ~300 ticks of CPU; the console
        // polls data_version once a second and should stay within a few. Idle starts once every pane's
        // first load has answered (no spinner on the status line): the list shows before the other
        // panes' loads, which run beside it, are done.
        let spinner = CharacterSet(charactersIn: "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏")
        try tmux.waitUntil("every first load to answer") { $0.count > 1 && $0[1].rangeOfCharacter(from: spinner) == nil }
        let command = (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8)) ?? ""
        #expect(command.hasPrefix("kameng"), "the pane's process is kameng itself, not a shell: \(command)")
        let idleStart = cpuTicks(pid)
        Thread.sleep(forTimeInterval: 3)
        let idleTicks = cpuTicks(pid) - idleStart
        print("idle console CPU over 3 s: \(idleTicks) ticks (1 tick = 10 ms)")
        #expect(idleTicks <= 10, "an idle console used \(idleTicks) ticks of CPU in 3 s")
        try tmux.send("j")
        try tmux.send("j")

        try tmux.resize(width: 60, height: 15)
        try tmux.waitUntil("a clean 60x15 layout") { Layout.isOrdersPane($0, width: 60, height: 15, minRows: 8) }
        try tmux.resize(width: 30, height: 8)
        try tmux.waitUntil("the too-small screen at 30x8") { Layout.isTooSmall($0, width: 30, height: 8) }
        try tmux.resize(width: 200, height: 60)
        try tmux.waitUntil("a clean 200x60 layout") { Layout.isOrdersPane($0, width: 200, height: 60, minRows: 50) }

        try tmux.send("q")
        // Gone means no process with that pid any more, or only its zombie (tmux has not reaped it yet).
        func running(_ pid: pid_t) -> Bool {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
            return !stat.contains(") Z ")
        }
        try tmux.waitUntil("kameng (pid \(pid)) to exit") { _ in !running(pid) }
        // tmux marks the pane dead only once it has reaped the child, a moment after the process is gone:
        // wait for that, then the status must be 0.
        try tmux.waitUntil("tmux to mark the pane dead") { _ in ((try? tmux.deadAndStatus()) ?? "").hasPrefix("1") }
        let status = try tmux.deadAndStatus()
        #expect(status == "1 0" || status == "1", "pane_dead pane_dead_status: \(status)")
    }
}

/// utime + stime of a process, in clock ticks, from /proc.
func cpuTicks(_ pid: pid_t) -> Int {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.range(of: ")", options: .backwards) else { return 0 }
    let fields = stat[close.upperBound...].split(separator: " ")
    // After the command: state is field 3, utime field 14, stime field 15 (1-based over the whole line).
    guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]) else { return 0 }
    return user + system
}

/// What a clean screen looks like, checked on tmux's text capture.
enum Layout {
    /// Display columns at which `│` appears in `line`.
    static func separatorColumns(_ line: String) -> [Int] {
        var column = 0, found: [Int] = []
        for character in line {
            if character == "│" { found.append(column) }
            column += DisplayWidth.width(of: character)
        }
        return found
    }

    /// Tabs on top, hint bar at the bottom, every table row's separators exactly under the header's, and
    /// nothing wider than the window: a leftover from a previous size breaks one of these.
    static func isOrdersPane(_ screen: [String], width: Int, height: Int, minRows: Int) -> Bool {
        guard screen.count == height, screen.allSatisfy({ DisplayWidth.width(of: $0) <= width }) else { return false }
        guard screen[0].contains("订单审核"), screen[height - 1].contains("退出"), screen[2].contains("订单号") else { return false }
        let header = separatorColumns(screen[2])
        guard !header.isEmpty else { return false }
        let body = screen[4..<(height - 1)]
        let rows = body.filter { $0.range(of: #"20\d{13}"#, options: .regularExpression) != nil }
        guard rows.count >= minRows else { return false }
        return body.allSatisfy { line in line.trimmingCharacters(in: .whitespaces).isEmpty || separatorColumns(line) == header }
    }

    /// Only the two centred lines of the too-small message, nothing else left on screen.
    static func isTooSmall(_ screen: [String], width: Int, height: Int) -> Bool {
        let text = screen.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return screen.count == height && text.count == 2 && text[0] == "终端太小" && text[1].hasPrefix("需要 40×10")
    }
}
