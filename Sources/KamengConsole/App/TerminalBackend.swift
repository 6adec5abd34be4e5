import TerminalUI

/// What the loop needs from a terminal. The kameng executable adapts NcursesTerminal to it; tests use a
/// fake that records frames and scripts keys, so the loop runs without a tty.
public protocol TerminalBackend: AnyObject {
    /// Columns and rows right now (after a resize, the new size).
    var size: (columns: Int, rows: Int) { get }
    /// Shows `screen`; a backend writes only the cells that changed since the last frame.
    func draw(_ screen: Screen)
    /// Waits up to `timeoutMilliseconds` for a key; nil on timeout. `.resize` reports a size change.
    func readKey(timeoutMilliseconds: Int) -> Key?
    /// The next draw repaints every cell (Ctrl-L).
    func forceFullRedraw()
    /// Restores the terminal. Called once when the loop ends.
    func stop()
    /// True once an interrupt (SIGINT, SIGTERM, SIGHUP) has arrived: the loop then ends cleanly.
    func takeInterrupt() -> Bool
    /// A function any thread may call to make a waiting `readKey` return (nil) at once, so work finished
    /// in the background shows without waiting out the read's timeout; nil when the backend has none.
    func makeWaker() -> (@Sendable () -> Void)?
    /// Something was reduced, but the screen it makes is the one already shown: nothing is drawn.
    func frameUnchanged()
}

extension TerminalBackend {
    public func takeInterrupt() -> Bool { false }
    public func makeWaker() -> (@Sendable () -> Void)? { nil }
    public func frameUnchanged() {}
}
