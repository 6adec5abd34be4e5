import CNcurses
import Glibc
import TerminalUI

/// The only code that talks to ncurses: draws Screens as diffs, reads Keys, follows resizes.
///
/// Drive it from one thread. ncurses keeps process-global state (the current SCREEN, stdscr), so every
/// entry point takes one process-wide lock and selects this terminal's SCREEN first. Only one
/// terminal, real or headless, is open at a time; see NcursesRuntime for why.
public final class NcursesTerminal {
    public let report: TerminalReport
    let screenHandle: OpaquePointer
    let window: UnsafeMutablePointer<WINDOW>
    let headless: HeadlessIO?
    var styles: StyleMapper
    /// The last frame drawn; nil forces the next draw to write every cell.
    var previous: Screen?
    var cursorShown: Bool?
    var runBuffer: [cchar_t] = []
    var stopped = false
    var signalsInstalled = false
    /// The descriptor ncurses reads keys from, and the pipe a `makeWaker()` function writes to.
    let inputFD: Int32
    var wakePipe: WakePipe?

    init(report: TerminalReport, screen: OpaquePointer, headless: HeadlessIO?, styles: StyleMapper, inputFD: Int32) {
        self.report = report
        self.screenHandle = screen
        self.window = kameng_stdscr()
        self.headless = headless
        self.styles = styles
        self.inputFD = inputFD
    }

    deinit { stop() }

    /// Columns and rows of the terminal as ncurses last saw them.
    public var size: (columns: Int, rows: Int) {
        ifOpen((0, 0)) { (Int(kameng_cols(window)), Int(kameng_rows(window))) }
    }

    /// Leaves curses mode and restores the terminal. Safe to call twice; afterwards every other
    /// method does nothing (draw, resize) or returns empty (readKey nil, size 0×0).
    public func stop() {
        guard !stopped else { return }
        stopped = true
        withScreen {
            if signalsInstalled { SignalGuard.uninstall() }
            endwin()
            delscreen(screenHandle)
        }
        headless?.close()
        NcursesRuntime.shared.release()
    }

    /// The interrupt (SIGINT, SIGTERM, SIGHUP) received since the last call; the app loop should
    /// then `stop()` and exit. `readKey` returns early when one arrives.
    public func takePendingSignal() -> Int32? { SignalGuard.takePending() }

    /// Waits up to `timeoutMilliseconds` (negative: forever) for a key. Nil on timeout, on a signal,
    /// when a `makeWaker()` function was called, or for a key the console does not use.
    public func readKey(timeoutMilliseconds: Int) -> Key? {
        ifOpen(nil) {
            guard let wakePipe else { return readOnce(timeoutMilliseconds: timeoutMilliseconds) ?? nil }
            // What ncurses already holds (bytes pushed back after an escape sequence) comes first.
            if let key = readOnce(timeoutMilliseconds: 0) { return key }
            // Then wait on the terminal and the wake pipe together; poll returns on a signal too (SIGWINCH,
            // SIGINT: never restarted), and the read below then picks up the KEY_RESIZE ncurses queued.
            var fds = [pollfd(fd: inputFD, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: wakePipe.readFD, events: Int16(POLLIN), revents: 0)]
            _ = poll(&fds, 2, Int32(clamping: max(-1, timeoutMilliseconds)))
            if fds[1].revents != 0 { wakePipe.drain() }
            return readOnce(timeoutMilliseconds: 0) ?? nil
        }
    }

    /// One `wget_wch`: nil when nothing came (ERR), else the decoded key (nil for one the console ignores).
    private func readOnce(timeoutMilliseconds: Int) -> Key?? {
        wtimeout(window, Int32(clamping: max(-1, timeoutMilliseconds)))
        var code: wint_t = 0
        let status = wget_wch(window, &code)
        guard status != kameng_err() else { return nil }
        let key = KeyDecoder.key(isKeyCode: status == kameng_key_code_yes(), code: UInt32(code))
        // ncurses has already resized stdscr; what is on screen is no longer what we drew.
        if key == .resize { previous = nil }
        return .some(key)
    }

    /// A function any thread may call to make a waiting `readKey` return at once (the loop then drains
    /// answers that arrived from background work). The pipe stays open while any such function lives.
    public func makeWaker() -> (@Sendable () -> Void)? {
        ifOpen(nil) {
            if wakePipe == nil { wakePipe = WakePipe() }
            guard let pipe = wakePipe else { return nil }
            return { pipe.wake() }
        }
    }

    /// Tells ncurses the terminal is now `columns`×`rows` (headless tests; a real terminal reports
    /// this itself through SIGWINCH). Like a real resize, `readKey` then returns `.resize`.
    public func resize(columns: Int, rows: Int) {
        ifOpen(()) {
            _ = resizeterm(Int32(rows), Int32(columns))
            previous = nil
        }
    }

    /// Ctrl-L: the next `draw` clears the physical screen and repaints every cell. The only clear.
    public func forceFullRedraw() {
        ifOpen(()) {
            _ = clearok(window, true)
            _ = redrawwin(window)
            previous = nil
        }
    }

    /// Replaces the colours per role (a theme change); the next draw repaints everything.
    public func setPalette(_ palette: @escaping RolePalette) {
        ifOpen(()) {
            styles.setPalette(palette)
            previous = nil
        }
    }

    func withScreen<T>(_ body: () throws -> T) rethrows -> T {
        try NcursesRuntime.shared.withLock {
            _ = set_term(screenHandle)
            return try body()
        }
    }

    /// `withScreen`, or `fallback` once stopped: the SCREEN is freed then, and touching it would crash.
    func ifOpen<T>(_ fallback: T, _ body: () -> T) -> T {
        stopped ? fallback : withScreen(body)
    }
}
