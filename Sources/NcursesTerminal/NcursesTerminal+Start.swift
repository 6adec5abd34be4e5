import CNcurses
import Glibc
import TerminalUI

extension NcursesTerminal {
    /// Entries tried after the requested one: any xterm-like terminal understands the first, and
    /// vt100 exists in every terminfo database, so an unknown `$TERM` never ends the program.
    public static let fallbackTerms = ["xterm-256color", "xterm", "vt100"]

    /// Takes over the process's terminal (stdin/stdout) in curses mode.
    public static func start(options: NcursesOptions = .fromEnvironment()) throws -> NcursesTerminal {
        try exclusively(waitingUpTo: 0) { try startLocked(options: options) }
    }

    private static func startLocked(options: NcursesOptions) throws -> NcursesTerminal {
        // A parent that blocked SIGWINCH (a test runner's threads do) passes the mask on; unblocked, or a
        // resize is never seen.
        var winch = sigset_t()
        sigemptyset(&winch)
        sigaddset(&winch, SIGWINCH)
        pthread_sigmask(SIG_UNBLOCK, &winch, nil)
        let locale = TerminalLocale.install()
        if options.handleSignals {
            // Before newterm, so ncurses sees our SIGINT/SIGTERM handlers and keeps out (see SignalGuard).
            SignalGuard.install(terminalFD: isatty(1) != 0 ? 1 : 0)
        }
        let requested = options.term ?? getenv("TERM").map { String(cString: $0) }
        let screen: OpaquePointer, term: String
        do {
            (screen, term) = try open(requested: requested, output: kameng_stdout(), input: kameng_stdin())
        } catch {
            if options.handleSignals { SignalGuard.uninstall() }
            throw error
        }
        let terminal = configure(screen: screen, requested: requested, term: term, locale: locale,
                                 options: options, headless: nil, inputFD: fileno(kameng_stdin()))
        if options.handleSignals {
            SignalGuard.setRestoreSequence(restoreSequence())
            terminal.signalsInstalled = true
        }
        return terminal
    }

    /// A terminal of `columns`×`rows` writing to a private temporary file and reading keys from a
    /// pipe: draw and readKey work exactly as on a tty, and the bytes can be counted and inspected.
    public static func startHeadless(
        columns: Int, rows: Int, options: NcursesOptions = NcursesOptions(term: "xterm-256color")
    ) throws -> NcursesTerminal {
        try exclusively(waitingUpTo: 60) {
            try startHeadlessLocked(columns: columns, rows: rows, options: options)
        }
    }

    private static func startHeadlessLocked(columns: Int, rows: Int, options: NcursesOptions) throws -> NcursesTerminal {
        let locale = TerminalLocale.install()
        let io = try HeadlessIO()
        let requested = options.term ?? "xterm-256color"
        let screen: OpaquePointer, term: String
        do {
            (screen, term) = try open(requested: requested, output: io.output, input: io.input)
        } catch {
            io.close()
            throw error
        }
        var headlessOptions = options
        headlessOptions.handleSignals = false
        let terminal = configure(screen: screen, requested: requested, term: term, locale: locale,
                                 options: headlessOptions, headless: io, inputFD: fileno(io.input))
        // resize_term, not resizeterm: this is the initial size, not an event to report as a key.
        _ = resize_term(Int32(rows), Int32(columns))
        return terminal
    }

    /// Claims the one ncurses SCREEN the process may have (see NcursesRuntime), releasing it on failure.
    private static func exclusively(
        waitingUpTo seconds: Int, _ body: () throws -> NcursesTerminal
    ) throws -> NcursesTerminal {
        guard NcursesRuntime.shared.claim(waitingUpTo: seconds) else {
            throw NcursesTerminalError.anotherTerminalIsOpen
        }
        do {
            return try NcursesRuntime.shared.withLock(body)
        } catch {
            NcursesRuntime.shared.release()
            throw error
        }
    }

    private static func open(
        requested: String?, output: UnsafeMutablePointer<FILE>, input: UnsafeMutablePointer<FILE>
    ) throws -> (OpaquePointer, String) {
        var candidates: [String] = []
        for name in [requested].compactMap({ $0 }) + fallbackTerms where !name.isEmpty && !candidates.contains(name) {
            candidates.append(name)
        }
        // newterm, unlike initscr, returns NULL for an unknown entry instead of calling exit(1).
        for name in candidates {
            if let screen = newterm(name, output, input) { return (screen, name) }
        }
        throw NcursesTerminalError.noUsableTerminal(tried: candidates)
    }

    private static func configure(
        screen: OpaquePointer, requested: String?, term: String, locale: String?,
        options: NcursesOptions, headless: HeadlessIO?, inputFD: Int32
    ) -> NcursesTerminal {
        _ = set_term(screen)
        let window = kameng_stdscr()
        // Input modes fail harmlessly (ERR) when stdin is a pipe, as in headless mode.
        _ = cbreak()
        _ = noecho()
        _ = nonl()
        _ = keypad(window, true)
        _ = intrflush(window, false)
        _ = set_escdelay(25)  // the default of 1 s makes Esc feel dead
        var colorCount: Int?
        var defaultColors = false
        if !options.monochrome, has_colors() {
            _ = start_color()
            defaultColors = use_default_colors() == kameng_ok()
            colorCount = Int(kameng_colors())
        }
        let styles = StyleMapper(colorCount: colorCount, maxPairs: Int(kameng_color_pairs()),
                                 defaultColorsAllowed: defaultColors, palette: options.palette)
        let report = TerminalReport(requestedTerm: requested, term: term, locale: locale,
                                    colorCount: colorCount ?? 0, headless: headless != nil)
        return NcursesTerminal(report: report, screen: screen, headless: headless, styles: styles, inputFD: inputFD)
    }

    /// What a crash handler writes to undo curses mode, read from the current terminfo entry.
    private static func restoreSequence() -> [UInt8] {
        var bytes: [UInt8] = []
        for capability in ["sgr0", "cnorm", "rmkx", "rmcup"] {
            guard let value = tigetstr(capability),
                  Int(bitPattern: value) != -1  // "not a string capability"
            else { continue }
            bytes += Array(String(cString: value).utf8)
        }
        return bytes
    }
}
