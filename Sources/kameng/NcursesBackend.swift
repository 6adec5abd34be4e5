import Foundation
import KamengConsole
import NcursesTerminal
import TerminalUI

/// The console's terminal: NcursesTerminal behind the loop's `TerminalBackend` protocol, with the theme
/// turned into the role palette ncurses draws with.
final class NcursesBackend: TerminalBackend {
    let terminal: NcursesTerminal

    /// Takes over the terminal. `monochrome` (from `--no-color` or NO_COLOR) draws attributes only.
    init(theme: Theme, monochrome: Bool) throws {
        terminal = try NcursesTerminal.start(options: NcursesOptions(
            monochrome: monochrome, palette: Self.palette(theme, capability: .colors256)))
        // Only now is it known how many colours terminfo offers: cap the theme by that, and by what the
        // environment claims (COLORTERM, TERM). Truecolor needs a direct-colour terminfo entry (RGB, e.g.
        // TERM=xterm-direct from ncurses-term): only then does ncurses report 2^24 colours.
        let environment = ProcessInfo.processInfo.environment
        let claimed = ColorCapability.detect(colorTerm: environment["COLORTERM"], term: terminal.report.term,
                                             noColor: environment["NO_COLOR"], noColorFlag: monochrome)
        let capability = claimed.limited(toColorCount: terminal.report.colorCount)
        terminal.setPalette(Self.palette(theme, capability: capability))
        SessionWatch.wakeConsole = terminal.makeWaker()
        SessionWatch.consoleStarted()
    }

    var size: (columns: Int, rows: Int) { terminal.size }
    func draw(_ screen: Screen) { terminal.draw(screen) }
    func readKey(timeoutMilliseconds: Int) -> Key? { terminal.readKey(timeoutMilliseconds: timeoutMilliseconds) }
    func forceFullRedraw() { terminal.forceFullRedraw() }
    func stop() {
        terminal.stop()
        SessionWatch.consoleStopped()
    }
    /// The signal (SIGINT, SIGTERM, SIGHUP) that ended the loop, if one did: the console then exits
    /// 128+signal, as a shell expects of a program a signal stopped.
    private(set) var interruptedBy: Int32?

    /// A signal, or (through ssh) the staff member's access removed: the loop ends either way.
    func takeInterrupt() -> Bool {
        if let signal = terminal.takePendingSignal() {
            interruptedBy = signal
            return true
        }
        return SessionWatch.accessRemoved
    }
    func makeWaker() -> (@Sendable () -> Void)? { terminal.makeWaker() }

    /// The theme's colours per role, reduced to `capability`, as the closure NcursesTerminal asks.
    /// Computed once into a table: the closure is called while drawing.
    static func palette(_ theme: Theme, capability: ColorCapability) -> RolePalette {
        var table: [StyleRole: RoleColors] = [:]
        for role in StyleRole.allCases {
            let colors = theme.terminalColors(for: role, capability: capability)
            table[role] = RoleColors(colors.foreground, colors.background)
        }
        let frozen = table
        return { role in frozen[role] ?? RoleColors() }
    }
}
