import Glibc
import TerminalUI

/// How to start a terminal: which terminfo entry, whether to use colour, and where colours come from.
public struct NcursesOptions: Sendable {
    /// The terminfo entry to try first; nil means `$TERM`.
    public var term: String?
    /// Attributes only (bold, reverse, underline), never colour: `NO_COLOR` or `--no-color`.
    public var monochrome: Bool
    /// Colours per StyleRole; ignored when monochrome or the terminal has none.
    public var palette: RolePalette
    /// Install the SIGINT/SIGTERM flag and the crash-restore handlers (see SignalGuard). Real terminals only.
    public var handleSignals: Bool

    public init(
        term: String? = nil, monochrome: Bool = false,
        palette: @escaping RolePalette = DefaultPalette.basic, handleSignals: Bool = true
    ) {
        self.term = term
        self.monochrome = monochrome
        self.palette = palette
        self.handleSignals = handleSignals
    }

    /// Options following the conventions: `--no-color` among the arguments or a non-empty `NO_COLOR`
    /// (https://no-color.org) selects monochrome.
    public static func fromEnvironment(arguments: [String] = CommandLine.arguments) -> NcursesOptions {
        let noColor = getenv("NO_COLOR").map { $0.pointee != 0 } ?? false
        return NcursesOptions(monochrome: noColor || arguments.contains("--no-color"))
    }
}

/// What `start` ended up with, for the status line and for bug reports.
public struct TerminalReport: Equatable, Sendable {
    /// The entry asked for (`$TERM` or the option); nil when none was set.
    public var requestedTerm: String?
    /// The entry ncurses accepted: the requested one, or a fallback.
    public var term: String
    /// The character locale in effect (`C.UTF-8` on these machines when LANG names a missing one).
    public var locale: String?
    /// Colours available to the palette: 0 in monochrome, else 8, 16, 256 …
    public var colorCount: Int
    public var headless: Bool

    /// True when `term` is a fallback because the requested entry is unknown to terminfo.
    public var usedFallbackTerm: Bool { requestedTerm != term }
}

/// Why a terminal could not be started.
public enum NcursesTerminalError: Error, Equatable {
    /// No terminfo entry among those tried could be loaded.
    case noUsableTerminal(tried: [String])
    /// The headless output or input could not be opened.
    case cannotOpenHeadlessIO(errno: Int32)
    /// ncurses here supports one open SCREEN per process (see NcursesRuntime); stop the other first.
    case anotherTerminalIsOpen
}
