import NcursesTerminal
import TerminalUI
import Testing

@Suite("What cell text can and cannot put on the wire")
struct CellSafetyTests {
    static let controls = ["\u{1B}", "\u{9B}", "\u{07}", "\u{7F}", "\u{00}", "\u{85}", "\u{08}", "\u{0D}"]

    /// A frame with controls in some cells must produce exactly the bytes of one with `?` there.
    @Test func controlsAreWrittenAsQuestionMarks() throws {
        var hostile = Screen(width: 30, height: 3)
        var plain = Screen(width: 30, height: 3)
        hostile.placeText("A", x: 0, y: 1)
        plain.placeText("A", x: 0, y: 1)
        for (index, control) in Self.controls.enumerated() {
            hostile[1 + index, 1] = Cell(control + "[31m")  // as if a name held an escape sequence
            plain[1 + index, 1] = Cell("?")
        }
        hostile.placeText("[2J卡", x: 10, y: 1)
        plain.placeText("[2J卡", x: 10, y: 1)
        let blank = Screen(width: 30, height: 3)
        let hostileBytes = try FrameByteMeter.output(from: blank, to: hostile)
        let plainBytes = try FrameByteMeter.output(from: blank, to: plain)
        #expect(hostileBytes == plainBytes, "\(escaped(hostileBytes))")
        #expect(escaped(hostileBytes).contains("A????????"))
    }

    /// The table's output is valid UTF-8 with no C1 characters: a 0x9B byte may appear only inside a
    /// multi-byte character (as in 盟 = e7 9b 9f), never as a CSI introducer.
    @Test func outputHasNoC1Controls() throws {
        let bytes = try FrameByteMeter.output(from: Screen(width: 120, height: 40), to: TableFrame.make(selected: 1))
        let text = try #require(String(validating: bytes, as: UTF8.self))
        #expect(!text.unicodeScalars.contains { (0x80...0x9F).contains($0.value) })
        // Every ESC starts a sequence ncurses itself emits: CSI, charset selection, or keypad mode.
        let scalars = Array(text.unicodeScalars)
        for index in scalars.indices where scalars[index] == "\u{1B}" {
            let next = index + 1 < scalars.count ? scalars[index + 1] : " "
            #expect("[(=>".unicodeScalars.contains(next), "ESC followed by \(next)")
        }
    }

    @Test func wideCharacterNeverLandsInTheLastColumn() throws {
        let terminal = try NcursesTerminal.startHeadless(columns: 10, rows: 3)
        defer { terminal.stop() }
        var frame = Screen(width: 10, height: 3)
        frame.placeText("abcdefghi", x: 0, y: 0)
        frame[9, 0] = Cell("中")  // a layout bug: no room for its continuation
        frame.placeText("第二行", x: 0, y: 1)
        terminal.draw(frame)
        #expect(terminal.renderedRow(0) == "abcdefghi?")
        #expect(terminal.renderedRow(1) == "第二行    ")  // nothing wrapped into it
    }

    @Test func frameWiderThanTheTerminalIsClippedBeforeAWideCharacter() throws {
        let terminal = try NcursesTerminal.startHeadless(columns: 10, rows: 3)
        defer { terminal.stop() }
        var frame = Screen(width: 12, height: 3)
        frame.placeText("abcdefghi中", x: 0, y: 0)  // 中 would occupy columns 9 and 10
        frame.placeText("下一行", x: 0, y: 1)
        terminal.draw(frame)
        #expect(terminal.renderedRow(0) == "abcdefghi ")
        #expect(terminal.renderedRow(1) == "下一行    ")
    }

    @Test func monochromeKeepsReverseBoldUnderlineButNoColour() throws {
        var frame = Screen(width: 30, height: 3)
        frame.placeText("选中行", x: 0, y: 0, style: Style(.selected, reverse: true))
        frame.placeText("粗体", x: 0, y: 1, style: Style(.danger, bold: true, underline: true))
        let options = NcursesOptions(term: "xterm-256color", monochrome: true)
        let mono = escaped(try FrameByteMeter.output(from: Screen(width: 30, height: 3), to: frame, options: options))
        #expect(mono.contains("\\e[7m") || mono.contains(";7m"))
        #expect(mono.contains("\\e[1m") || mono.contains(";1m") || mono.contains("\\e[0;1;4m"))
        #expect(!mono.contains("\\e[3") && !mono.contains("\\e[4") && !mono.contains("\\e[9"))
        let colour = escaped(try FrameByteMeter.output(from: Screen(width: 30, height: 3), to: frame))
        #expect(colour.contains("\\e[44m"))  // the default palette's selected background
    }

    @Test func paletteColoursReachTheTerminalAndFitSmallerPalettes() throws {
        var frame = Screen(width: 20, height: 2)
        frame.placeText("库存告警", x: 0, y: 0, style: Style(.warn))
        let palette: RolePalette = { $0 == .warn ? RoleColors(foreground: .indexed(208)) : RoleColors() }
        let rich = escaped(try FrameByteMeter.output(
            from: Screen(width: 20, height: 2), to: frame,
            options: NcursesOptions(term: "xterm-256color", palette: palette)))
        #expect(rich.contains("\\e[38;5;208m"))
        // plain xterm has 8 colours: 208 (orange) falls to the nearest basic one rather than failing.
        let poor = escaped(try FrameByteMeter.output(
            from: Screen(width: 20, height: 2), to: frame, options: NcursesOptions(term: "xterm", palette: palette)))
        #expect(poor.contains("\\e[31m") || poor.contains("\\e[33m"))
    }
}
