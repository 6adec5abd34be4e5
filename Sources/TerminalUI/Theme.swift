/// Foreground and background of a role; nil means the terminal's own default colour.
public struct ColorPair: Hashable, Sendable {
    public var foreground: RGBColor?
    public var background: RGBColor?

    public init(foreground: RGBColor? = nil, background: RGBColor? = nil) {
        self.foreground = foreground
        self.background = background
    }
}

/// A named mapping from style roles to colours. Widgets only name roles; the backend asks the theme for
/// each role's pair, reduced to the terminal's capability. Attributes (bold, reverse) are not part of a
/// theme: widgets set them so selection and tabs stay visible with no colour at all.
public struct Theme: Hashable, Sendable {
    public var name: String
    public var colors: [StyleRole: ColorPair]

    public init(name: String, colors: [StyleRole: ColorPair]) {
        self.name = name
        self.colors = colors
    }

    /// The pair for `role`, falling back to `.normal`'s, then to terminal defaults.
    public func pair(for role: StyleRole) -> ColorPair {
        colors[role] ?? colors[.normal] ?? ColorPair()
    }

    /// The pair for `role` as the terminal can show it.
    public func terminalColors(for role: StyleRole, capability: ColorCapability) -> (foreground: TerminalColor, background: TerminalColor) {
        let pair = pair(for: role)
        return (pair.foreground?.reduced(for: capability) ?? .terminalDefault,
                pair.background?.reduced(for: capability) ?? .terminalDefault)
    }

    /// Roles the theme does not define.
    public var missingRoles: [StyleRole] { StyleRole.allCases.filter { colors[$0] == nil } }

    /// Terminal defaults for every role: what `--no-color` looks like, and a last resort when no theme
    /// file can be read.
    public static let plain = Theme(name: "plain", colors: Dictionary(uniqueKeysWithValues: StyleRole.allCases.map { ($0, ColorPair()) }))
}
