import Foundation
import KamengTestSupport
import Testing

/// What a keypress costs over SSH: the bytes the real binary writes when the selection moves one row in
/// the 120×40 Orders table (issue target ≤ 300), read from tmux's pipe-pane — with the 256-colour theme
/// and, where terminfo has a direct-colour entry, in truecolor.
@Suite("selection move bytes", .enabled(if: TmuxSession.isAvailable), .serialized)
struct SelectionBytesTests {
    static let directColorTerminfo = ["/usr/share/terminfo/x/xterm-direct", "/lib/terminfo/x/xterm-direct"]
        .contains { FileManager.default.fileExists(atPath: $0) }

    @Test func oneRowMoveInTheOrdersTableWritesAtMost300Bytes() throws {
        let (moves, recorded) = try measureMoves(terminal: "tmux-256color")
        print("bytes per one-row selection move, real kameng at 120x40, 256 colours: \(moves)")
        #expect(recorded.contains("\u{1B}[38;5;"), "measured with the 256-colour theme, not monochrome")
        // Each move writes something (the highlight really moved) and never more than the target.
        #expect(moves.allSatisfy { $0 > 0 && $0 <= 300 }, "bytes per move: \(moves)")
    }

    @Test(.enabled(if: directColorTerminfo, "needs the xterm-direct terminfo entry (Debian ncurses-term)"))
    func truecolorTerminalGets24BitColoursAndStaysUnder300Bytes() throws {
        let (moves, recorded) = try measureMoves(terminal: "xterm-direct")
        print("bytes per one-row selection move, real kameng at 120x40, truecolor: \(moves)")
        #expect(recorded.contains("\u{1B}[38:2:"), "24-bit foreground sequences on a direct-colour terminal")
        #expect(!recorded.contains("\u{1B}[38;5;"), "no palette-index colours on a direct-colour terminal")
        #expect(moves.allSatisfy { $0 > 0 && $0 <= 300 }, "bytes per move: \(moves)")
    }

    /// Opens the console on a tiny demo database under `terminal`, then moves the selection six times,
    /// returning the bytes written per move and everything recorded.
    private func measureMoves(terminal: String) throws -> (moves: [Int], recorded: String) {
        let demo = try TinyDemo("bytes")
        defer { withExtendedLifetime(demo) {} }
        let (db, environment) = (demo.db, demo.environment)
        let session = try TmuxSession(
            command: "'\(EndToEndTests.binary)' --db '\(db)'", width: 120, height: 40,
            environment: environment.merging([
                // The test runner may export NO_COLOR; the figure that matters is the coloured default theme.
                "LANG": "zh_CN.UTF-8", "TZ": "Asia/Shanghai", "NO_COLOR": "", "COLORTERM": "",
            ]) { $1 },
            terminal: terminal)
        defer { session.kill() }
        try session.waitUntil(timeout: .seconds(20)) { Layout.isOrdersPane($0, width: 120, height: 40, minRows: 30) }
        try session.startRecording()
        var moves: [Int] = []
        for key in ["j", "j", "j", "k", "Down", "Up"] {
            let before = session.settledRecordedBytes()
            try session.sendKeys(key)
            moves.append(try waitForGrowth(session, from: before) - before)
        }
        return (moves, String(decoding: session.recordedData(), as: UTF8.self))
    }

    private func waitForGrowth(_ session: TmuxSession, from before: Int) throws -> Int {
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(10)
        while session.recordedBytes() == before, clock.now < deadline { Thread.sleep(forTimeInterval: 0.02) }
        return session.settledRecordedBytes()
    }
}
