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
        // environment claims (COLORTERM, TERM). ncurses draws palette indices, so truecolor becomes 256.
        let environment = ProcessInfo.processInfo.environment
        let claimed = ColorCapability.detect(colorTerm: environment["COLORTERM"], term: terminal.report.term,
                                             noColor: environment["NO_COLOR"], noColorFlag: monochrome)
        let capability = min(claimed.limited(toColorCount: terminal.report.colorCount), .colors256)
        terminal.setPalette(Self.palette(theme, capability: capability))
    }

    var size: (columns: Int, rows: Int) { terminal.size }
    func draw(_ screen: Screen) { terminal.draw(screen) }
    func readKey(timeoutMilliseconds: Int) -> Key? { terminal.readKey(timeoutMilliseconds: timeoutMilliseconds) }
    func forceFullRedraw() { terminal.forceFullRedraw() }
    func stop() { terminal.stop() }
    func takeInterrupt() -> Bool { terminal.takePendingSignal() != nil }

    /// The theme's colours per role, reduced to `capability`, as the closure NcursesTerminal asks.
    /// Computed once into a table: the closure is called while drawing.
    static func palette(_ theme: Theme, capability: ColorCapability) -> RolePalette {
        var table: [StyleRole: RoleColors] = [:]
        for role in StyleRole.allCases {
            let colors = theme.terminalColors(for: role, capability: capability)
            let foreground = paletteIndex(colors.foreground), background = paletteIndex(colors.background)
            // NcursesTerminal's colour type shares its name with TerminalUI's, and the module's name with
            // its class, so it cannot be spelled here: it is only ever inferred.
            table[role] = RoleColors(foreground: foreground.map { .indexed($0) } ?? .default,
                                     background: background.map { .indexed($0) } ?? .default)
        }
        let frozen = table
        return { role in frozen[role] ?? RoleColors() }
    }

    /// An xterm palette index, or nil for the terminal's default colour.
    private static func paletteIndex(_ color: TerminalUI.TerminalColor) -> UInt8? {
        switch color {
        case .terminalDefault: return nil
        case .indexed(let index): return UInt8(clamping: index)
        case .rgb(let rgb): return UInt8(clamping: rgb.nearest256())
        }
    }
}
