import CNcurses
import TerminalUI

/// Inspection for headless terminals (see `startHeadless`); on a real terminal these return nothing.
extension NcursesTerminal {
    /// Total bytes ncurses has written to the headless output, escape sequences included.
    public var bytesWritten: Int {
        ifOpen(0) { headless?.bytesWritten ?? 0 }
    }

    /// The raw bytes written from `offset` on (pass an earlier `bytesWritten` to get one frame's output).
    public func outputBytes(from offset: Int = 0) -> [UInt8] {
        ifOpen([]) { headless?.bytes(from: offset) ?? [] }
    }

    /// Queues bytes as if typed: escape sequences are decoded through terminfo like a real keyboard's.
    public func feedInput(_ bytes: [UInt8]) {
        if !stopped { headless?.feed(bytes) }
    }

    /// Row `y` as ncurses holds it after the last draw (wide characters once, continuations skipped).
    public func renderedRow(_ y: Int) -> String {
        ifOpen("") {
            let columns = Int(kameng_cols(window))
            var buffer = [wchar_t](repeating: 0, count: columns + 1)
            let count = mvwinnwstr(window, Int32(y), 0, &buffer, Int32(columns))
            guard count != kameng_err() else { return "" }
            var text = ""
            for char in buffer.prefix(while: { $0 != 0 }) {
                if let scalar = Unicode.Scalar(UInt32(bitPattern: char)) { text.unicodeScalars.append(scalar) }
            }
            return text
        }
    }
}

/// The bytes ncurses writes to move a terminal from one frame to the next, measured headless.
/// This is the number Docs/Performance.md and the benchmark report per interaction.
public enum FrameByteMeter {
    /// Bytes written by `draw(to)` right after `draw(from)` (resizing first if the sizes differ).
    public static func bytes(
        from: Screen, to: Screen, options: NcursesOptions = NcursesOptions(term: "xterm-256color")
    ) throws -> Int {
        try output(from: from, to: to, options: options).count
    }

    /// The transition's raw output, for inspection.
    public static func output(
        from: Screen, to: Screen, options: NcursesOptions = NcursesOptions(term: "xterm-256color")
    ) throws -> [UInt8] {
        let terminal = try NcursesTerminal.startHeadless(columns: from.width, rows: from.height, options: options)
        defer { terminal.stop() }
        terminal.draw(from)
        let before = terminal.bytesWritten
        if (to.width, to.height) != (from.width, from.height) {
            terminal.resize(columns: to.width, rows: to.height)
        }
        terminal.draw(to)
        return terminal.outputBytes(from: before)
    }
}
