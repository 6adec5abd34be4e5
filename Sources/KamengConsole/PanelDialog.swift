import TerminalUI

/// A framed box in front of a pane with more in it than a confirm: a bold title, then lines of text
/// (wrapped), labelled text fields, or ticked options, then buttons on the bottom right. The form that
/// opens a substation, a batch preview, a secret shown once and the reject-with-blacklist box are drawn
/// with it. Every text handed in from data must already have passed through `TerminalSafe.visible`.
struct PanelDialog {
    enum Line: Equatable {
        case text(String, StyleRole)
        /// A labelled one-line field; `focused` puts the caret (and the terminal cursor) in it.
        case field(label: String, TextFieldState, focused: Bool, placeholder: String)
        /// A choice to tick: `[x] label`; `current` marks the one Space toggles.
        case option(String, ticked: Bool, current: Bool)
        case blank
    }

    var title: String
    var lines: [Line]
    /// Left to right; the focused one is drawn in the selection style.
    var buttons: [(label: String, focused: Bool)]
    var maxWidth = 76
    /// Column where fields start (their labels are padded to it).
    var labelWidth = 10

    func render(into screen: inout Screen, area: Rect, glyphs: Glyphs) {
        let width = min(area.width, maxWidth)
        let inner = max(1, width - 4)
        let titleLines = TextFit.wrap(title, width: inner)
        var body: [(Line, String)] = []  // each line with its text once wrapped
        for line in lines {
            switch line {
            case .text(let text, _): body += TextFit.wrap(text, width: inner).map { (line, $0) }
            default: body.append((line, ""))
            }
        }
        // frame, blank, title, blank, body, (blank, buttons,) blank or frame; the body gives way first on a short screen.
        let fixed = 1 + 1 + titleLines.count + 1 + (buttons.isEmpty ? 1 : 2) + 1
        let room = max(0, area.height - fixed)
        if body.count > room {
            body = Array(body.prefix(max(0, room - 1))) + (room > 0 ? [(.text(glyphs.ellipsis, .muted), glyphs.ellipsis)] : [])
        }
        let box = area.centered(width: width, height: fixed + body.count)
        guard box.width >= 4, box.height >= 3 else { return }
        screen.fill(box, style: Style(.dialog))
        screen.drawFrame(box, frame: glyphs.frame, style: Style(.border), glyphs: glyphs)
        let content = box.inset(dx: 2, dy: 1)
        var y = content.y + 1
        let bodyEnd = buttons.isEmpty ? content.maxY : content.maxY - 1  // the buttons' row, when there are buttons
        func put(_ text: String, _ style: Style, x: Int? = nil) {
            guard y < bodyEnd else { return }
            let x = x ?? content.x
            screen.write(TextFit.truncate(text, toWidth: content.maxX - x, ellipsis: glyphs.ellipsis), at: Point(x: x, y: y),
                         maxWidth: content.maxX - x, style: style, replacement: glyphs.replacement)
        }
        for line in titleLines { put(line, Style(.title, bold: true)); y += 1 }
        y += 1
        var cursorField: (TextField, Rect)?
        for (line, wrapped) in body where y < bodyEnd {
            switch line {
            case .text(_, let role): put(wrapped, Style(role == .normal ? .dialog : role, bold: role == .danger))
            case .blank: break
            case let .field(label, value, focused, placeholder):
                put(TextFit.pad(label, toWidth: labelWidth, ellipsis: glyphs.ellipsis), Style(.dialog, bold: focused))
                let rect = Rect(x: content.x + labelWidth, y: y, width: max(0, content.width - labelWidth), height: 1)
                let field = TextField(state: value, placeholder: placeholder, focused: focused, glyphs: glyphs)
                if focused { cursorField = (field, rect) } else { field.render(into: &screen, area: rect) }
            case let .option(label, ticked, current):
                let box = ticked ? (glyphs.frame == .ascii ? "[x] " : "[✓] ") : "[ ] "
                put((current ? "> " : "  ") + box + label, current ? Style.selection : Style(.dialog))
            }
            y += 1
        }
        // The focused field last, so the terminal cursor is its caret.
        if let (field, rect) = cursorField { field.render(into: &screen, area: rect) }
        drawButtons(into: &screen, row: Rect(x: content.x, y: content.maxY - 1, width: content.width, height: 1), glyphs: glyphs)
    }

    private func drawButtons(into screen: inout Screen, row: Rect, glyphs: Glyphs) {
        guard !row.isEmpty, !buttons.isEmpty else { return }
        let labels = buttons.map { "[ \($0.label) ]" }
        let total = labels.reduce(0) { $0 + DisplayWidth.width(of: $1) } + 2 * (labels.count - 1)
        var x = row.x + max(0, row.width - total)
        for (i, label) in labels.enumerated() {
            if i > 0 { x += 2 }
            let room = row.maxX - x
            guard room > 0 else { break }
            x += screen.write(TextFit.truncate(label, toWidth: room, ellipsis: glyphs.ellipsis), at: Point(x: x, y: row.y), maxWidth: room,
                              style: buttons[i].focused ? Style.selection : Style(.dialog), replacement: glyphs.replacement)
        }
    }
}
