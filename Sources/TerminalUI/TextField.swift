/// The editable value of a one-line text field and its caret, with editing operations as value
/// transformations (no terminal involved), so every edit is testable.
///
/// The caret is an index in `Character`s (grapheme clusters): moving over 腾 or an emoji moves one
/// character, whatever its width in cells or bytes.
public struct TextFieldState: Sendable, Hashable {
    public private(set) var value: String
    /// 0...value.count.
    public private(set) var caret: Int

    public init(_ value: String = "", caret: Int? = nil) {
        let clean = Self.sanitized(value)
        self.value = clean
        self.caret = min(max(0, caret ?? clean.count), clean.count)
    }

    /// Control characters never enter a value: a pasted newline or ESC would corrupt a search or a
    /// product name, and could not be drawn anyway.
    static func sanitized(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { !DisplayWidth.isControl($0) }))
    }

    private func index(_ offset: Int) -> String.Index { value.index(value.startIndex, offsetBy: offset) }

    public mutating func insert(_ text: String) {
        let clean = Self.sanitized(text)
        guard !clean.isEmpty else { return }
        let before = value.count
        value.insert(contentsOf: clean, at: index(caret))
        // Count what was added rather than clean.count: a combining mark merges with the character before.
        caret = min(value.count, caret + (value.count - before))
    }

    /// Deletes the character before the caret.
    public mutating func backspace() {
        guard caret > 0 else { return }
        value.remove(at: index(caret - 1))
        caret -= 1
    }

    /// Deletes the character under the caret.
    public mutating func deleteForward() {
        guard caret < value.count else { return }
        value.remove(at: index(caret))
    }

    public mutating func moveLeft() { caret = max(0, caret - 1) }
    public mutating func moveRight() { caret = min(value.count, caret + 1) }
    public mutating func moveHome() { caret = 0 }
    public mutating func moveEnd() { caret = value.count }

    /// The state after `key`, or nil if the key is not an editing key (the caller handles it: Enter, Esc).
    public func applying(_ key: Key) -> TextFieldState? {
        var next = self
        switch key {
        case .char(let c): next.insert(String(c))
        case .backspace, .ctrl("h"): next.backspace()
        case .delete, .ctrl("d"): next.deleteForward()
        case .left, .ctrl("b"): next.moveLeft()
        case .right, .ctrl("f"): next.moveRight()
        case .home, .ctrl("a"): next.moveHome()
        case .end, .ctrl("e"): next.moveEnd()
        case .ctrl("u"): next = TextFieldState("")
        default: return nil
        }
        return next
    }

    /// Display column of the caret from the start of the value.
    public var caretColumn: Int { DisplayWidth.width(of: String(value.prefix(caret))) }
}

/// A one-line input. Draws the part of the value around the caret (scrolling horizontally when the value
/// is wider than the field) and, when focused, puts `screen.cursor` on the caret cell so the terminal
/// cursor, and an input method composing Chinese, sit exactly there.
public struct TextField: Sendable {
    public var state: TextFieldState
    public var placeholder: String
    public var focused: Bool
    public var glyphs: Glyphs

    public init(state: TextFieldState, placeholder: String = "", focused: Bool = true, glyphs: Glyphs = .unicode) {
        self.state = state
        self.placeholder = placeholder
        self.focused = focused
        self.glyphs = glyphs
    }

    /// The first display column shown: 0 while the caret fits, otherwise the caret sits in the last column
    /// (which is kept free at the end of the value for it).
    public static func scrollColumn(caretColumn: Int, fieldWidth: Int) -> Int {
        max(0, caretColumn - max(0, fieldWidth - 1))
    }

    public func render(into screen: inout Screen, area: Rect) {
        guard !area.isEmpty else { return }
        let field = Rect(x: area.x, y: area.y, width: area.width, height: 1)
        // Underlined as well as coloured, so the field's extent shows on a monochrome terminal.
        let style = Style(.input, underline: true)
        screen.fill(field, style: style)
        let caretColumn = state.caretColumn
        let scroll = Self.scrollColumn(caretColumn: caretColumn, fieldWidth: field.width)
        if state.value.isEmpty {
            screen.write(placeholder, at: field.origin, maxWidth: field.width, style: Style(.muted, underline: true),
                         replacement: glyphs.replacement)
        } else {
            var column = 0
            for unit in DisplayWidth.units(of: state.value, replacement: glyphs.replacement) {
                defer { column += unit.width }
                let x = field.x + column - scroll
                if column + unit.width <= scroll { continue }
                if x >= field.maxX { break }
                // Half of a wide character scrolled off either edge: its visible half is a space.
                let whole = column >= scroll && x + unit.width <= field.maxX
                screen.put(whole ? unit : CellUnit(text: " ", width: 1), x: max(x, field.x), y: field.y, style: style)
            }
        }
        if focused {
            let x = field.x + caretColumn - scroll
            screen.cursor = screen.contains(x: x, y: field.y) ? Point(x: x, y: field.y) : nil
        }
    }
}
