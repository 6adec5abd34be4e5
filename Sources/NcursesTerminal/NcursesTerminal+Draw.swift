import CNcurses
import TerminalUI

extension NcursesTerminal {
    /// Writes the cells that differ from the previous frame into stdscr, then one `doupdate`.
    ///
    /// Runs of changed cells go out in one `mvwadd_wchnstr` each. ncurses diffs stdscr against what it
    /// believes is on the terminal, so the bytes are its minimal update; our diff keeps the per-frame
    /// work proportional to what changed. A frame of another size, or the first after a resize,
    /// palette change or Ctrl-L, rewrites every cell (after `werase`, which clears stdscr, not the tty).
    public func draw(_ screen: Screen) {
        ifOpen(()) {
            let columns = min(screen.width, Int(kameng_cols(window)))
            let rows = min(screen.height, Int(kameng_rows(window)))
            let old = previous.flatMap { $0.width == screen.width && $0.height == screen.height ? $0 : nil }
            if old == nil { _ = werase(window) }
            if old != screen {
                for y in 0..<max(0, rows) {
                    drawRow(y, of: screen, previous: old, columns: columns)
                }
            }
            placeCursor(screen.cursor, columns: columns, rows: rows)
            _ = wnoutrefresh(window)
            _ = doupdate()
            previous = screen
        }
    }

    private func drawRow(_ y: Int, of screen: Screen, previous old: Screen?, columns: Int) {
        let rowStart = y * screen.width
        let changed: [Bool]
        if let old {
            let range = rowStart..<(rowStart + screen.width)
            if old.cells[range] == screen.cells[range] { return }
            changed = range.map { old.cells[$0] != screen.cells[$0] }
        } else {
            changed = Array(repeating: true, count: screen.width)
        }
        runBuffer.removeAll(keepingCapacity: true)
        var runStart = -1
        var x = 0
        while x < columns {
            let cell = screen[x, y]
            let span = !cell.isContinuation && x + 1 < screen.width && screen[x + 1, y].isContinuation ? 2 : 1
            // A neighbour's change counts too: it may be the other half of a wide character.
            let touched = changed[max(0, x - 1)...min(screen.width - 1, x + span)].contains(true)
            if touched {
                if runStart < 0 { runStart = x }
                appendCells(cell, span: span, x: x, columns: columns)
            } else if runStart >= 0 {
                flushRun(y: y, x: runStart)
                runStart = -1
            }
            x += span
        }
        if runStart >= 0 { flushRun(y: y, x: runStart) }
    }

    /// Appends the cchar_t for one unit: a narrow cell, or a wide character and its continuation.
    private func appendCells(_ cell: Cell, span: Int, x: Int, columns: Int) {
        var glyph = cell.isContinuation ? Glyph.space : Glyph(cell.text)  // orphan right half: blank
        let room = min(span, columns - x)
        if glyph.width == 2, room < 2 {
            // Clipped at the right edge it would wrap to the next row; without a continuation cell
            // the layout gave it one column, so it would overwrite its neighbour.
            glyph = span == 2 ? .space : .replacement
        }
        let attributes = styles.attributes(for: cell.style)
        let pair = styles.pair(for: cell.style.role)
        var rendered = cchar_t()
        glyph.render(into: &rendered, attributes: attributes, pair: pair)
        runBuffer.append(rendered)
        if glyph.width == 1, room == 2 {
            // The layout measured this text as wide and wcwidth disagrees: keep the grid aligned.
            Glyph.space.render(into: &rendered, attributes: attributes, pair: pair)
            runBuffer.append(rendered)
        }
    }

    private func flushRun(y: Int, x: Int) {
        _ = runBuffer.withUnsafeBufferPointer {
            mvwadd_wchnstr(window, Int32(y), Int32(x), $0.baseAddress, Int32($0.count))
        }
        runBuffer.removeAll(keepingCapacity: true)
    }

    /// Shows the caret where the frame asks (so an IME composes there), else hides it; a hidden
    /// cursor is also left wherever output ends (leaveok), which saves a move per frame.
    private func placeCursor(_ cursor: Point?, columns: Int, rows: Int) {
        if let cursor, cursor.x >= 0, cursor.y >= 0, cursor.x < columns, cursor.y < rows {
            if cursorShown != true {
                _ = curs_set(1)
                _ = leaveok(window, false)
                cursorShown = true
            }
            _ = wmove(window, Int32(cursor.y), Int32(cursor.x))
        } else if cursorShown != false {
            _ = curs_set(0)
            _ = leaveok(window, true)
            cursorShown = false
        }
    }
}
