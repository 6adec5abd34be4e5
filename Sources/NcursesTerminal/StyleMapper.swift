import CNcurses
import TerminalUI

/// Maps a Style to ncurses attributes and a colour pair, allocating pairs lazily: one per distinct
/// (foreground, background), shared by every role that resolves to it.
struct StyleMapper {
    /// nil when drawing in monochrome (no colour, or the terminal has none).
    private let colorCount: Int?
    private let maxPairs: Int32
    private let defaultColorsAllowed: Bool
    private var palette: RolePalette
    private var pairByColors: [RoleColors: Int32] = [:]
    private var pairByRole: [StyleRole: Int32] = [:]
    private var nextPair: Int32 = 1

    init(colorCount: Int?, maxPairs: Int, defaultColorsAllowed: Bool, palette: @escaping RolePalette) {
        self.colorCount = colorCount
        // setcchar's pair argument is a short; beyond that we would need a different API.
        self.maxPairs = Int32(min(maxPairs, 32767))
        self.defaultColorsAllowed = defaultColorsAllowed
        self.palette = palette
    }

    /// Swaps the palette; pairs already initialised are redefined as roles are drawn again.
    mutating func setPalette(_ palette: @escaping RolePalette) {
        self.palette = palette
        pairByColors = [:]
        pairByRole = [:]
        nextPair = 1
    }

    func attributes(for style: Style) -> attr_t {
        var attributes = kameng_a_normal()
        if style.bold { attributes |= kameng_a_bold() }
        if style.reverse { attributes |= kameng_a_reverse() }
        if style.underline { attributes |= kameng_a_underline() }
        return attributes
    }

    mutating func pair(for role: StyleRole) -> Int32 {
        guard let colorCount else { return 0 }
        if let pair = pairByRole[role] { return pair }
        let wanted = palette(role)
        let colors = RoleColors(
            foreground: wanted.foreground.fitted(toColorCount: colorCount),
            background: wanted.background.fitted(toColorCount: colorCount))
        let pair = pairNumber(for: colors)
        pairByRole[role] = pair
        return pair
    }

    private mutating func pairNumber(for colors: RoleColors) -> Int32 {
        if colors == RoleColors(), defaultColorsAllowed { return 0 }
        if let pair = pairByColors[colors] { return pair }
        // Out of pairs: fall back to the terminal's defaults rather than failing the frame.
        guard nextPair < maxPairs else { return 0 }
        let pair = nextPair
        guard init_extended_pair(pair, number(colors.foreground, isForeground: true),
                                 number(colors.background, isForeground: false)) == kameng_ok()
        else { return 0 }
        nextPair += 1
        pairByColors[colors] = pair
        return pair
    }

    private func number(_ color: NcursesColor, isForeground: Bool) -> Int32 {
        switch color {
        case .indexed(let index): Int32(index)
        case .direct(let value): Int32(bitPattern: value)
        // -1 is "the terminal's own colour", legal only after use_default_colors succeeded.
        case .default: defaultColorsAllowed ? -1 : (isForeground ? 7 : 0)
        }
    }
}
