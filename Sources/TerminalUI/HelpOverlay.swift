/// The `?` overlay: the bindings of the focused pane (and any other keymaps passed, e.g. the global
/// ones), grouped under their keymap titles and binding groups, in a centred framed box. Generated from
/// the same keymaps as the hint bar and Docs/Keybindings.md, so the three cannot disagree.
public struct HelpOverlay<Action: KeyAction>: Sendable {
    public var title: String
    public var keymaps: [Keymap<Action>]
    /// First content line shown, for scrolling a list taller than the screen.
    public var scrollOffset: Int
    public var glyphs: Glyphs

    public init(title: String = "Help", keymaps: [Keymap<Action>], scrollOffset: Int = 0, glyphs: Glyphs = .unicode) {
        self.title = title
        self.keymaps = keymaps
        self.scrollOffset = scrollOffset
        self.glyphs = glyphs
    }

    /// One line of the overlay: a heading, or a binding's keys and help.
    public enum Line: Sendable, Hashable {
        case heading(String)
        case binding(keys: String, help: String)
        case blank
    }

    /// The overlay's content, before fitting: keymap titles, group titles, then `keys  help` per binding.
    public var lines: [Line] {
        var out: [Line] = []
        for keymap in keymaps where !keymap.bindings.isEmpty {
            if !out.isEmpty { out.append(.blank) }
            out.append(.heading(keymap.title))
            var groups: [String] = []
            for b in keymap.bindings where !groups.contains(b.group) { groups.append(b.group) }
            for group in groups {
                if !group.isEmpty { out.append(.heading("  " + group)) }
                for b in keymap.bindings where b.group == group {
                    out.append(.binding(keys: b.keys.map(KeySpec.label).joined(separator: "/"), help: b.help))
                }
            }
        }
        return out
    }

    public func render(into screen: inout Screen, area: Rect) {
        let content = lines
        let keyWidth = min(16, content.reduce(0) {
            if case .binding(let keys, _) = $1 { return max($0, DisplayWidth.width(of: keys)) }
            return $0
        })
        let textWidth = content.reduce(DisplayWidth.width(of: title) + 4) { widest, line in
            switch line {
            case .heading(let h): return max(widest, DisplayWidth.width(of: h))
            case .binding(_, let help): return max(widest, 2 + keyWidth + 2 + DisplayWidth.width(of: help))
            case .blank: return widest
            }
        }
        let box = area.centered(width: textWidth + 4, height: content.count + 2)
        guard box.width >= 2, box.height >= 2 else { return }
        screen.fill(box, style: Style(.dialog))
        screen.drawFrame(box, frame: glyphs.frame, title: title, glyphs: glyphs)
        let inside = box.inset(dx: 2, dy: 1)
        let offset = min(max(0, scrollOffset), max(0, content.count - inside.height))
        for (row, line) in content.dropFirst(offset).prefix(inside.height).enumerated() {
            let y = inside.y + row
            switch line {
            case .heading(let h):
                screen.write(TextFit.truncate(h, toWidth: inside.width, ellipsis: glyphs.ellipsis),
                             at: Point(x: inside.x, y: y), maxWidth: inside.width, style: Style(.header, bold: true),
                             replacement: glyphs.replacement)
            case .binding(let keys, let help):
                let keyText = TextFit.pad(keys, toWidth: keyWidth, ellipsis: glyphs.ellipsis)
                let text = TextFit.truncate("  " + keyText + "  " + help, toWidth: inside.width, ellipsis: glyphs.ellipsis)
                screen.write(text, at: Point(x: inside.x, y: y), maxWidth: inside.width, style: Style(.dialog),
                             replacement: glyphs.replacement)
                screen.write(TextFit.cut("  " + keyText, toWidth: inside.width), at: Point(x: inside.x, y: y),
                             maxWidth: min(inside.width, 2 + keyWidth), style: Style(.hintKey, bold: true),
                             replacement: glyphs.replacement)
            case .blank:
                break
            }
        }
        // Lines hidden below: say so in the bottom border rather than cutting silently.
        if offset + inside.height < content.count, box.width >= 5 {
            screen.write(" " + glyphs.ellipsis + " ", at: Point(x: box.maxX - 5, y: box.maxY - 1), maxWidth: 3,
                         style: Style(.border))
        }
    }
}
