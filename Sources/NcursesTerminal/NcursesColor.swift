import TerminalUI

/// A colour as ncurses can draw it: the terminal's own default, an xterm palette index 0–255, or a
/// 24-bit 0xRRGGBB value for a direct-colour terminal (terminfo `RGB`, e.g. TERM=xterm-direct).
/// (Not named TerminalColor: TerminalUI has one, and this module shares its name with its class, so
/// `NcursesTerminal.TerminalColor` could not disambiguate.)
public enum NcursesColor: Hashable, Sendable {
    case `default`
    case indexed(UInt8)
    case direct(UInt32)

    /// A TerminalUI colour as this backend draws it.
    public init(_ color: TerminalUI.TerminalColor) {
        switch color {
        case .terminalDefault: self = .default
        case .indexed(let index): self = .indexed(UInt8(clamping: index))
        case .rgb(let c): self = .direct(UInt32(c.red) << 16 | UInt32(c.green) << 8 | UInt32(c.blue))
        }
    }

    /// The nearest xterm-256 index for an RGB colour (the 6×6×6 cube or the grey ramp), so a theme
    /// written as `#rrggbb` can be handed to this backend.
    public static func nearest(red: UInt8, green: UInt8, blue: UInt8) -> NcursesColor {
        let levels: [Int] = [0, 95, 135, 175, 215, 255]
        func cubeStep(_ v: UInt8) -> Int {
            let value = Int(v)
            return levels.indices.min { abs(levels[$0] - value) < abs(levels[$1] - value) }!
        }
        let (r, g, b) = (cubeStep(red), cubeStep(green), cubeStep(blue))
        let cubeIndex = 16 + 36 * r + 6 * g + b
        let greyStep = min(23, max(0, (Int(red) + Int(green) + Int(blue)) / 3 - 3) / 10)
        let greyIndex = 232 + greyStep
        let target = (Int(red), Int(green), Int(blue))
        let best = distance(rgb(ofIndex: cubeIndex), target) <= distance(rgb(ofIndex: greyIndex), target)
            ? cubeIndex : greyIndex
        return .indexed(UInt8(best))
    }

    /// This colour for a terminal with `colors` colours. A direct-colour terminal (2^24) takes RGB values,
    /// where numbers 8 and up are not palette indices, so indices become their xterm RGB; elsewhere RGB
    /// falls to the nearest palette index, and indices the terminal lacks to the nearest of the basic
    /// 8 or 16, because ncurses rejects pairs with out-of-range colours.
    public func fitted(toColorCount colors: Int) -> NcursesColor {
        if colors >= 1 << 24 {
            guard case .indexed(let index) = self, index >= 8 else { return self }
            let (r, g, b) = Self.rgb(ofIndex: Int(index))
            return .direct(UInt32(r) << 16 | UInt32(g) << 8 | UInt32(b))
        }
        if case .direct(let value) = self {
            return Self.nearest(red: UInt8(value >> 16 & 0xFF), green: UInt8(value >> 8 & 0xFF), blue: UInt8(value & 0xFF))
                .fitted(toColorCount: colors)
        }
        guard case .indexed(let index) = self, Int(index) >= colors else { return self }
        let basic = colors >= 16 ? 16 : 8
        let target = Self.rgb(ofIndex: Int(index))
        let best = (0..<basic).min {
            Self.distance(Self.rgb(ofIndex: $0), target) < Self.distance(Self.rgb(ofIndex: $1), target)
        }!
        return .indexed(UInt8(best))
    }

    /// The RGB xterm uses for a palette index; the basic 16 follow xterm's defaults.
    static func rgb(ofIndex index: Int) -> (Int, Int, Int) {
        let basic: [(Int, Int, Int)] = [
            (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
            (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255),
            (255, 0, 255), (0, 255, 255), (255, 255, 255),
        ]
        if index < 16 { return basic[max(0, index)] }
        if index >= 232 { let v = 8 + 10 * (index - 232); return (v, v, v) }
        let levels = [0, 95, 135, 175, 215, 255]
        let cube = index - 16
        return (levels[cube / 36], levels[(cube / 6) % 6], levels[cube % 6])
    }

    static func distance(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
        let (dr, dg, db) = (a.0 - b.0, a.1 - b.1, a.2 - b.2)
        return dr * dr + dg * dg + db * db
    }
}

/// The foreground and background one StyleRole is drawn with.
public struct RoleColors: Hashable, Sendable {
    public var foreground: NcursesColor
    public var background: NcursesColor

    public init(foreground: NcursesColor = .default, background: NcursesColor = .default) {
        self.foreground = foreground
        self.background = background
    }

    /// The same from TerminalUI colours (a theme reduced to the terminal's capability).
    public init(_ foreground: TerminalUI.TerminalColor, _ background: TerminalUI.TerminalColor) {
        self.init(foreground: NcursesColor(foreground), background: NcursesColor(background))
    }
}

/// How the backend learns colours: a theme (built elsewhere) becomes one of these closures.
public typealias RolePalette = @Sendable (StyleRole) -> RoleColors

/// A plain palette in the basic 16 colours, so the console is usable before theme wiring exists.
public enum DefaultPalette {
    public static let basic: RolePalette = { role in
        switch role {
        case .normal, .input: RoleColors()
        case .selected: RoleColors(foreground: .indexed(15), background: .indexed(4))
        case .header, .title: RoleColors(foreground: .indexed(14))
        case .muted, .hint, .border, .tabInactive: RoleColors(foreground: .indexed(8))
        case .ok: RoleColors(foreground: .indexed(2))
        case .warn: RoleColors(foreground: .indexed(3))
        case .danger: RoleColors(foreground: .indexed(9))
        case .accent, .hintKey, .sparkline, .progress: RoleColors(foreground: .indexed(6))
        case .tabActive: RoleColors(foreground: .indexed(0), background: .indexed(6))
        case .dialog: RoleColors(foreground: .indexed(15), background: .indexed(8))
        }
    }
}
