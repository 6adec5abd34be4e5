/// The bottom line of key hints, built from the bindings marked `showInHintBar`:
/// `q Quit  / Search  ? Help`. Hints that do not fit are left out whole rather than cut in the middle,
/// so the bar never shows half a word; only a single hint wider than the bar is truncated.
public struct HintBar<Action: KeyAction>: Sendable {
    public var bindings: [KeyBinding<Action>]
    public var glyphs: Glyphs

    /// The hint-bar bindings of `keymaps`, in order (typically the focused pane's, then the global ones).
    public init(keymaps: [Keymap<Action>], glyphs: Glyphs = .unicode) {
        self.bindings = keymaps.flatMap(\.hintBarBindings)
        self.glyphs = glyphs
    }

    public init(bindings: [KeyBinding<Action>], glyphs: Glyphs = .unicode) {
        self.bindings = bindings.filter(\.showInHintBar)
        self.glyphs = glyphs
    }

    /// (key label, help) for each hint; the first key of a binding stands for all of them.
    public var hints: [(key: String, help: String)] {
        bindings.compactMap { b in b.keys.first.map { (KeySpec.label(for: $0), b.help) } }
    }

    public func render(into screen: inout Screen, area: Rect) {
        guard !area.isEmpty else { return }
        let line = Rect(x: area.x, y: area.y, width: area.width, height: 1)
        screen.fill(line, style: Style(.hint))
        var x = area.x
        for (i, hint) in hints.enumerated() {
            let gap = i == 0 ? 0 : 2
            let need = gap + DisplayWidth.width(of: hint.key) + 1 + DisplayWidth.width(of: hint.help)
            if x + need > area.maxX {
                guard i == 0 else { break }
                // The only hint, too wide: cut it cleanly with an ellipsis.
                let text = TextFit.truncate(hint.key + " " + hint.help, toWidth: area.width, ellipsis: glyphs.ellipsis)
                screen.write(text, at: line.origin, maxWidth: area.width, style: Style(.hint),
                             replacement: glyphs.replacement)
                if DisplayWidth.width(of: hint.key) < area.width - 1 {  // the key survived the cut: restyle it
                    screen.write(hint.key, at: line.origin, style: Style(.hintKey, bold: true),
                                 replacement: glyphs.replacement)
                }
                break
            }
            x += gap
            x += screen.write(hint.key, at: Point(x: x, y: area.y), style: Style(.hintKey, bold: true),
                              replacement: glyphs.replacement)
            x += 1
            x += screen.write(hint.help, at: Point(x: x, y: area.y), maxWidth: area.maxX - x, style: Style(.hint),
                              replacement: glyphs.replacement)
        }
    }
}
