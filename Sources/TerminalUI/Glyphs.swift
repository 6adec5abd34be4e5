/// The characters a frame is drawn with.
public struct FrameStyle: Equatable, Hashable, Sendable {
    public var horizontal: Character
    public var vertical: Character
    public var topLeft: Character
    public var topRight: Character
    public var bottomLeft: Character
    public var bottomRight: Character
    /// Where a column separator meets a horizontal rule: ┼ or +.
    public var cross: Character

    public init(horizontal: Character, vertical: Character, topLeft: Character, topRight: Character,
                bottomLeft: Character, bottomRight: Character, cross: Character) {
        self.horizontal = horizontal
        self.vertical = vertical
        self.topLeft = topLeft
        self.topRight = topRight
        self.bottomLeft = bottomLeft
        self.bottomRight = bottomRight
        self.cross = cross
    }

    /// Unicode light box drawing.
    public static let light = FrameStyle(horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐",
                                         bottomLeft: "└", bottomRight: "┘", cross: "┼")
    /// Plain ASCII, for terminals that draw box characters two cells wide (zh_CN ambiguous width).
    public static let ascii = FrameStyle(horizontal: "-", vertical: "|", topLeft: "+", topRight: "+",
                                         bottomLeft: "+", bottomRight: "+", cross: "+")
}

/// Every non-ASCII symbol the widgets draw, in one place, so `--ascii` switches them all.
///
/// Under a zh_CN locale many terminals draw East Asian *ambiguous* characters (box drawing, `…`, `·`,
/// `×`, `▲`) two cells wide while glibc's C.UTF-8 `wcwidth` says one: the ASCII set avoids every one of
/// them, so layout holds on any terminal.
public struct Glyphs: Equatable, Hashable, Sendable {
    public var frame: FrameStyle
    public var ellipsis: String
    /// Drawn for control and non-printable code points in data.
    public var replacement: Character
    public var sortAscending: String
    public var sortDescending: String
    /// Sparkline levels, lowest first.
    public var sparkline: [Character]
    public var progressFull: Character
    public var progressEmpty: Character
    /// Partial progress cells, smallest first (empty: progress moves in whole cells).
    public var progressPartial: [Character]
    /// The "by" in "80×24".
    public var times: String

    public init(frame: FrameStyle, ellipsis: String, replacement: Character, sortAscending: String,
                sortDescending: String, sparkline: [Character], progressFull: Character,
                progressEmpty: Character, progressPartial: [Character], times: String) {
        self.frame = frame
        self.ellipsis = ellipsis
        self.replacement = replacement
        self.sortAscending = sortAscending
        self.sortDescending = sortDescending
        self.sparkline = sparkline
        self.progressFull = progressFull
        self.progressEmpty = progressEmpty
        self.progressPartial = progressPartial
        self.times = times
    }

    public static let unicode = Glyphs(
        frame: .light, ellipsis: "…", replacement: DisplayWidth.replacement,
        sortAscending: "▲", sortDescending: "▼",
        sparkline: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"],
        progressFull: "█", progressEmpty: "░", progressPartial: ["▏", "▎", "▍", "▌", "▋", "▊", "▉"],
        times: "×")

    /// "~" rather than "..." as the ellipsis: one column, so a truncated cell keeps more of its text.
    public static let ascii = Glyphs(
        frame: .ascii, ellipsis: "~", replacement: "?",
        sortAscending: "^", sortDescending: "v",
        sparkline: ["_", ".", "-", "=", "#"],
        progressFull: "#", progressEmpty: ".", progressPartial: [],
        times: "x")
}
