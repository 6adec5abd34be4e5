import TerminalUI

/// A framed box that asks for one line of text (a reason, a threshold, an authenticator code): its lines
/// (the first bold), a blank line, then the field with the caret. One drawing for every pane's prompt.
struct PromptBox {
    var lines: [String]
    var field: TextFieldState
    var placeholder = ""
    /// Widest the box gets; the field's width (nil: the box's inner width).
    var maxWidth = 64
    var fieldWidth: Int?
    var height = 6
    /// At the bottom of the area (over a detail the person is reading) instead of centred.
    var atBottom = false

    /// `field` shown as dots, one per character typed: for one-time codes.
    static func masked(_ field: TextFieldState) -> TextFieldState {
        TextFieldState(String(repeating: "•", count: field.value.count))
    }

    func render(into screen: inout Screen, area: Rect, glyphs: Glyphs) {
        let width = min(area.width, maxWidth), height = min(area.height, self.height)
        let y = atBottom ? area.maxY - height : area.y + (area.height - height) / 2
        let box = Rect(x: area.x + (area.width - width) / 2, y: y, width: width, height: height)
        screen.fill(box, style: Style(.dialog))
        screen.drawFrame(box, frame: glyphs.frame, style: Style(.dialog))
        let inner = box.inset(dx: 2, dy: 1)
        for (i, line) in lines.enumerated() where inner.y + i < inner.maxY {
            screen.write(TextFit.truncate(line, toWidth: inner.width, ellipsis: glyphs.ellipsis), at: Point(x: inner.x, y: inner.y + i),
                         maxWidth: inner.width, style: Style(.dialog, bold: i == 0), replacement: glyphs.replacement)
        }
        let fieldRow = inner.y + lines.count + 1
        guard fieldRow < inner.maxY else { return }
        TextField(state: field, placeholder: placeholder, focused: true, glyphs: glyphs)
            .render(into: &screen, area: Rect(x: inner.x, y: fieldRow, width: min(fieldWidth ?? inner.width, inner.width), height: 1))
    }
}
