import NcursesTerminal
import TerminalUI
import Testing

/// Escape bytes as text, for assertions on sequences and readable failure messages.
func escaped(_ bytes: [UInt8]) -> String {
    String(decoding: bytes, as: UTF8.self).unicodeScalars.map {
        $0.value == 0x1B ? "\\e" : String($0)
    }.joined()
}

@Suite("Headless drawing: bytes per frame")
struct HeadlessDrawTests {
    @Test func selectionMoveWritesFewBytes() throws {
        let terminal = try NcursesTerminal.startHeadless(columns: 120, rows: 40)
        defer { terminal.stop() }
        terminal.draw(TableFrame.make(selected: 4))
        let before = terminal.bytesWritten
        terminal.draw(TableFrame.make(selected: 5))
        let moved = terminal.bytesWritten - before
        print("selection move at 120x40: \(moved) bytes")
        #expect(moved > 0)
        #expect(moved <= 300, "\(escaped(terminal.outputBytes(from: before)))")
    }

    @Test func byteMeterAgreesWithADirectMeasurement() throws {
        let bytes = try FrameByteMeter.bytes(from: TableFrame.make(selected: 4), to: TableFrame.make(selected: 5))
        #expect(bytes > 0 && bytes <= 300)
    }

    @Test func identicalFrameWritesNothing() throws {
        let terminal = try NcursesTerminal.startHeadless(columns: 120, rows: 40)
        defer { terminal.stop() }
        let frame = TableFrame.make(selected: 3)
        terminal.draw(frame)
        let before = terminal.bytesWritten
        terminal.draw(frame)
        #expect(terminal.bytesWritten - before == 0)
    }

    @Test func chineseTextIsHeldCellForCell() throws {
        let terminal = try NcursesTerminal.startHeadless(columns: 120, rows: 40)
        defer { terminal.stop() }
        let frame = TableFrame.make(selected: 0)
        terminal.draw(frame)
        for y in [0, 2, 3, 4, 39] {
            let expected = (0..<120).filter { !frame[$0, y].isContinuation }.map { frame[$0, y].text }.joined()
            #expect(terminal.renderedRow(y) == expected)
        }
        // UTF-8 on the wire (the locale was set): 卡盟 is e5 8d a1 e7 9b 9f, not `~M~[`-style escapes.
        #expect(escaped(terminal.outputBytes()).contains("卡盟后台"))
    }

    @Test func redrawAfterCtrlLClearsAndOnlyThen() throws {
        let terminal = try NcursesTerminal.startHeadless(columns: 80, rows: 24)
        defer { terminal.stop() }
        terminal.draw(TableFrame.make(columns: 80, rows: 24, selected: 0))
        var mark = terminal.bytesWritten
        for selected in 1...5 {
            terminal.draw(TableFrame.make(columns: 80, rows: 24, selected: selected))
        }
        #expect(!escaped(terminal.outputBytes(from: mark)).contains("\\e[2J"))
        mark = terminal.bytesWritten
        terminal.forceFullRedraw()
        terminal.draw(TableFrame.make(columns: 80, rows: 24, selected: 5))
        let redraw = escaped(terminal.outputBytes(from: mark))
        #expect(redraw.contains("\\e[2J"))
        #expect(redraw.contains("腾讯视频VIP月卡"))
    }

    @Test func resizeMakesTheNextDrawAFullRepaint() throws {
        let terminal = try NcursesTerminal.startHeadless(columns: 120, rows: 40)
        defer { terminal.stop() }
        terminal.draw(TableFrame.make(selected: 2))
        terminal.resize(columns: 90, rows: 30)
        #expect(terminal.readKey(timeoutMilliseconds: 0) == .resize)
        #expect(terminal.size == (columns: 90, rows: 30))
        let smaller = TableFrame.make(columns: 90, rows: 30, selected: 2)
        terminal.draw(smaller)
        for y in [0, 5, 29] {
            let expected = (0..<90).filter { !smaller[$0, y].isContinuation }.map { smaller[$0, y].text }.joined()
            #expect(terminal.renderedRow(y) == expected)
        }
    }

    @Test func cursorIsShownOnlyWhenTheFrameAsks() throws {
        let terminal = try NcursesTerminal.startHeadless(columns: 40, rows: 5)
        defer { terminal.stop() }
        var frame = Screen(width: 40, height: 5)
        frame.placeText("搜索: 卡", x: 0, y: 1)
        terminal.draw(frame)
        var mark = terminal.bytesWritten
        frame.cursor = Point(x: 3, y: 1)
        terminal.draw(frame)
        let shown = escaped(terminal.outputBytes(from: mark))
        #expect(shown.contains("\\e[?25h"))   // cnorm: cursor visible
        #expect(shown.contains("\\e[2;4H") || shown.contains("\\e[4G"))  // column 4 (1-based)
        mark = terminal.bytesWritten
        frame.cursor = nil
        terminal.draw(frame)
        #expect(escaped(terminal.outputBytes(from: mark)).contains("\\e[?25l"))
    }
}
