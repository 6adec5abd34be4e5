/// The text form of a key, as written in user keymap overrides and in Docs/Keybindings.md:
/// `j`, `J`, `ctrl-l`, `up`, `pgdn`, `f1`, `shift-tab`, `space`, `enter`, `esc`.
///
/// Parsing is lenient about case and common aliases (`PageDown`, `C-l`, `^L`, `return`), printing is
/// canonical, so `print(parse(s))` normalises what a user wrote.
public enum KeySpec {
    /// Why a spec could not be parsed.
    public struct ParseError: Error, Equatable, CustomStringConvertible, Sendable {
        public var spec: String
        public init(spec: String) { self.spec = spec }
        public var description: String {
            "unknown key \"\(spec)\" (examples: j, ctrl-l, up, pgdn, f1, shift-tab, space, enter, esc)"
        }
    }

    static let named: [String: Key] = [
        "up": .up, "down": .down, "left": .left, "right": .right,
        "pgup": .pageUp, "pageup": .pageUp, "pgdn": .pageDown, "pagedown": .pageDown, "pgdown": .pageDown,
        "home": .home, "end": .end, "enter": .enter, "return": .enter, "ret": .enter,
        "esc": .escape, "escape": .escape, "tab": .tab, "shift-tab": .backTab, "backtab": .backTab,
        "s-tab": .backTab, "backspace": .backspace, "bksp": .backspace, "bs": .backspace,
        "delete": .delete, "del": .delete, "insert": .insert, "ins": .insert, "space": .char(" "),
    ]

    /// The key a spec names.
    public static func parse(_ spec: String) throws(ParseError) -> Key {
        let trimmed = spec.trimmingSpaces
        // A single character is itself, case kept: `J` is shift-j and differs from `j`.
        if trimmed.count == 1, let c = trimmed.first { return .char(c) }
        let lower = trimmed.lowercased()
        if let key = named[lower] { return key }
        for prefix in ["ctrl-", "ctrl+", "c-", "^"] where lower.hasPrefix(prefix) {
            let rest = lower.dropFirst(prefix.count)
            if rest.count == 1, let c = rest.first, c.isASCII, !c.isWhitespace { return .ctrl(c) }
        }
        if lower.hasPrefix("f"), let n = Int(lower.dropFirst()), (1...24).contains(n) { return .function(n) }
        throw ParseError(spec: spec)
    }

    /// The canonical spec of a key; `parse(string(for: k)) == k` for every key a user can bind.
    public static func string(for key: Key) -> String {
        switch key {
        case .char(" "): return "space"
        case .char(let c): return String(c)
        case .ctrl(let c): return "ctrl-" + String(c).lowercased()
        case .up: return "up"
        case .down: return "down"
        case .left: return "left"
        case .right: return "right"
        case .pageUp: return "pgup"
        case .pageDown: return "pgdn"
        case .home: return "home"
        case .end: return "end"
        case .enter: return "enter"
        case .escape: return "esc"
        case .tab: return "tab"
        case .backTab: return "shift-tab"
        case .backspace: return "backspace"
        case .delete: return "delete"
        case .insert: return "insert"
        case .function(let n): return "f\(n)"
        case .resize: return "resize"
        }
    }

    /// A short label for the hint bar and help overlay, ASCII only so it is one column per character on
    /// every terminal: `^L`, `PgDn`, `S-Tab`, `Up`.
    public static func label(for key: Key) -> String {
        switch key {
        case .char(" "): return "Space"
        case .char(let c): return String(c)
        case .ctrl(let c): return "^" + String(c).uppercased()
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .backTab: return "S-Tab"
        case .function(let n): return "F\(n)"
        case .escape: return "Esc"
        case .backspace: return "Bksp"
        case .delete: return "Del"
        case .insert: return "Ins"
        default:
            let s = string(for: key)
            return s.prefix(1).uppercased() + s.dropFirst()
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
