/// A key press as the console sees it, independent of the terminal library that decoded it.
public enum Key: Hashable, Sendable {
    case char(Character)
    case ctrl(Character)      // Ctrl-L is .ctrl("l")
    case up, down, left, right
    case pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace, delete, insert
    case function(Int)        // F1 is .function(1)
    case resize               // the terminal changed size
}
