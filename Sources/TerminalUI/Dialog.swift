/// Which button of a confirm dialog has the focus.
public enum DialogButton: Sendable, Hashable {
    case cancel, confirm
}

/// What the user decided in a confirm dialog.
public enum DialogOutcome: Sendable, Hashable {
    case confirmed, cancelled
}

/// The focus of a confirm dialog. It starts on Cancel: Enter pressed out of habit must not delete stock
/// or refund an order.
public struct ConfirmDialogState: Sendable, Hashable {
    public var focus: DialogButton

    public init(focus: DialogButton = .cancel) { self.focus = focus }

    /// Moves the focus to the other button (there are two, so next and previous are the same).
    public mutating func moveFocus() { focus = focus == .cancel ? .confirm : .cancel }

    /// Applies a key: arrows, Tab, h/l move the focus; Enter chooses the focused button; Esc cancels.
    /// Returns the outcome when the dialog is done, nil while it stays open.
    public mutating func handle(_ key: Key) -> DialogOutcome? {
        switch key {
        case .left, .right, .tab, .backTab, .char("h"), .char("l"):
            moveFocus()
            return nil
        case .enter: return focus == .confirm ? .confirmed : .cancelled
        case .escape: return .cancelled
        default: return nil
        }
    }
}

/// A centred confirm box: a title naming what is acted on ("删除商品 腾讯Q币100元直充?"), a message,
/// and [Cancel] [Confirm] buttons. The title is drawn inside the box, wrapped, not in the border, so a long
/// target name is never cut off. On a short screen the message gives way first; the buttons always show.
public struct ConfirmDialog: Sendable {
    public var title: String
    public var message: String
    public var confirmLabel: String
    public var cancelLabel: String
    public var glyphs: Glyphs
    /// Widest the box gets, frame included.
    public var maxWidth: Int

    public init(title: String, message: String, confirmLabel: String = "Confirm", cancelLabel: String = "Cancel",
                glyphs: Glyphs = .unicode, maxWidth: Int = 60) {
        self.title = title
        self.message = message
        self.confirmLabel = confirmLabel
        self.cancelLabel = cancelLabel
        self.glyphs = glyphs
        self.maxWidth = maxWidth
    }

    private var buttons: [(DialogButton, String)] {
        [(.cancel, "[ \(cancelLabel) ]"), (.confirm, "[ \(confirmLabel) ]")]
    }

    public func render(into screen: inout Screen, area: Rect, state: ConfirmDialogState) {
        let buttonsWidth = buttons.reduce(0) { $0 + DisplayWidth.width(of: $1.1) } + 2
        let textWidth = max(DisplayWidth.width(of: title), DisplayWidth.width(of: message), buttonsWidth)
        let boxWidth = min(area.width, maxWidth, textWidth + 4)
        let inner = max(0, boxWidth - 4)  // frame plus one column of padding each side
        let titleLines = TextFit.wrap(title, width: inner)
        let messageLines = message.isEmpty ? [] : TextFit.wrap(message, width: inner)
        // frame, blank, title, (blank, message), blank, buttons, frame
        let wanted = 1 + 1 + titleLines.count + (messageLines.isEmpty ? 0 : 1 + messageLines.count) + 2 + 1
        let box = area.centered(width: boxWidth, height: wanted)
        guard box.width >= 2, box.height >= 3 else { return }
        screen.fill(box, style: Style(.dialog))
        screen.drawFrame(box, frame: glyphs.frame, style: Style(.border), glyphs: glyphs)
        let content = box.inset(dx: 2, dy: 1)
        var body: [(String, Style)] = [("", Style(.dialog))]
        body += titleLines.map { ($0, Style(.title, bold: true)) }
        if !messageLines.isEmpty {
            body.append(("", Style(.dialog)))
            body += messageLines.map { ($0, Style(.dialog)) }
        }
        let bodyRows = max(0, content.height - 1)  // the last inside row is the buttons'
        if body.count > bodyRows { body.removeFirst(min(1, body.count)) }  // first drop the top padding
        for (i, line) in body.prefix(bodyRows).enumerated() {
            screen.write(line.0, at: Point(x: content.x, y: content.y + i), maxWidth: content.width,
                         style: line.1, replacement: glyphs.replacement)
        }
        drawButtons(into: &screen, row: Rect(x: content.x, y: content.maxY - 1, width: content.width, height: 1),
                    state: state)
    }

    /// Buttons right-aligned, two columns apart; the focused one in `Style.selection`.
    private func drawButtons(into screen: inout Screen, row: Rect, state: ConfirmDialogState) {
        guard !row.isEmpty else { return }
        let total = buttons.reduce(0) { $0 + DisplayWidth.width(of: $1.1) } + 2
        var x = row.x + max(0, row.width - total)
        for (i, (button, label)) in buttons.enumerated() {
            if i > 0 { x += 2 }
            let room = row.maxX - x
            guard room > 0 else { break }
            let style = button == state.focus ? Style.selection : Style(.dialog)
            x += screen.write(TextFit.truncate(label, toWidth: room, ellipsis: glyphs.ellipsis),
                              at: Point(x: x, y: row.y), maxWidth: room, style: style, replacement: glyphs.replacement)
        }
    }
}
