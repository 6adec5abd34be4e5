/// A 24-bit colour, written `#rrggbb` in theme files. Themes are authored in truecolor and reduced to
/// what the terminal can show (`reduced(for:)`), so one theme file serves every terminal.
public struct RGBColor: Hashable, Sendable, CustomStringConvertible {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// Parses `#rrggbb` (case-insensitive); nil for anything else, including `#rgb` shorthand, so a
    /// typo in a theme is reported instead of guessed at.
    public init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 7, digits[0] == UInt8(ascii: "#") else { return nil }
        var values: [UInt8] = []
        for i in stride(from: 1, to: 7, by: 2) {
            guard let hi = Self.nibble(digits[i]), let lo = Self.nibble(digits[i + 1]) else { return nil }
            values.append(hi << 4 | lo)
        }
        self.init(red: values[0], green: values[1], blue: values[2])
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// `#rrggbb`, lowercase.
    public var description: String {
        let hex = Array("0123456789abcdef")
        return "#" + [red, green, blue].map { String([hex[Int($0 >> 4)], hex[Int($0 & 15)]]) }.joined()
    }

    private func distance(to o: RGBColor) -> Int {
        let dr = Int(red) - Int(o.red), dg = Int(green) - Int(o.green), db = Int(blue) - Int(o.blue)
        return dr * dr + dg * dg + db * db
    }

    /// The channel levels of xterm's 6×6×6 colour cube (indices 16–231).
    static let cubeLevels: [Int] = [0, 95, 135, 175, 215, 255]

    /// The nearest xterm-256 palette index in 16...255: the nearest cube colour or the nearest of the 24
    /// greys (232–255, 8 + 10·i), whichever is closer. The first 16 are skipped because terminals
    /// redefine them freely; the cube and greys are the same everywhere.
    public func nearest256() -> Int {
        func nearestLevel(_ v: UInt8) -> Int {
            Self.cubeLevels.indices.min { abs(Self.cubeLevels[$0] - Int(v)) < abs(Self.cubeLevels[$1] - Int(v)) }!
        }
        let (r, g, b) = (nearestLevel(red), nearestLevel(green), nearestLevel(blue))
        let cube = RGBColor(red: UInt8(Self.cubeLevels[r]), green: UInt8(Self.cubeLevels[g]),
                            blue: UInt8(Self.cubeLevels[b]))
        let average = (Int(red) + Int(green) + Int(blue)) / 3
        let greyIndex = min(23, max(0, (average - 8 + 5) / 10))
        let greyLevel = UInt8(8 + 10 * greyIndex)
        let grey = RGBColor(red: greyLevel, green: greyLevel, blue: greyLevel)
        return distance(to: grey) < distance(to: cube) ? 232 + greyIndex : 16 + 36 * r + 6 * g + b
    }

    /// xterm's default values for the 16 basic colours (0–7 normal, 8–15 bright).
    public static let basic16: [RGBColor] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
        (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255),
        (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ].map { RGBColor(red: $0.0, green: $0.1, blue: $0.2) }

    /// The nearest of the 16 basic colours (0...15) by RGB distance to xterm's defaults.
    public func nearest16() -> Int {
        Self.basic16.indices.min { distance(to: Self.basic16[$0]) < distance(to: Self.basic16[$1]) }!
    }

    /// This colour as the terminal can show it; `.terminalDefault` when it shows no colour at all.
    public func reduced(for capability: ColorCapability) -> TerminalColor {
        switch capability {
        case .truecolor: return .rgb(self)
        case .colors256: return .indexed(nearest256())
        case .colors16: return .indexed(nearest16())
        case .none: return .terminalDefault
        }
    }
}

/// A colour as a backend sets it: the terminal's own default, a palette index, or 24-bit.
public enum TerminalColor: Hashable, Sendable {
    case terminalDefault
    case indexed(Int)
    case rgb(RGBColor)
}

/// How many colours the terminal can show, weakest first.
public enum ColorCapability: Int, Comparable, Sendable, CaseIterable {
    case none, colors16, colors256, truecolor

    public static func < (a: ColorCapability, b: ColorCapability) -> Bool { a.rawValue < b.rawValue }

    /// Chooses from the environment, passed in so it is testable:
    /// - `--no-color`, or `NO_COLOR` set to anything non-empty (no-color.org): `.none`;
    /// - `TERM` unset, empty, `dumb`, or a `vt…` terminal: `.none`;
    /// - `COLORTERM` `truecolor`/`24bit`, or a `TERM` ending in `-direct`: `.truecolor`;
    /// - `TERM` containing `256color`: `.colors256`; any other `TERM`: `.colors16`.
    public static func detect(colorTerm: String?, term: String?, noColor: String?, noColorFlag: Bool) -> ColorCapability {
        if noColorFlag || !(noColor ?? "").isEmpty { return .none }
        let term = (term ?? "").lowercased()
        if term.isEmpty || term == "dumb" || term.hasPrefix("vt") { return .none }
        let colorTerm = (colorTerm ?? "").lowercased()
        if colorTerm == "truecolor" || colorTerm == "24bit" || term.hasSuffix("-direct") { return .truecolor }
        if term.contains("256color") { return .colors256 }
        return .colors16
    }

    /// This capability capped by what the terminal library reports (ncurses `COLORS`): an environment
    /// claiming more colours than terminfo knows must not win.
    public func limited(toColorCount count: Int) -> ColorCapability {
        let reported: ColorCapability = count >= 1 << 24 ? .truecolor : count >= 256 ? .colors256
            : count >= 8 ? .colors16 : .none
        return min(self, reported)
    }
}
