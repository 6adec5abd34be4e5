@testable import NcursesTerminal
import TerminalUI
import Testing

@Suite("Starting, locale and terminfo fallbacks")
struct StartTests {
    @Test func unknownTermFallsBackInsteadOfExiting() throws {
        let terminal = try NcursesTerminal.startHeadless(
            columns: 40, rows: 10, options: NcursesOptions(term: "no-such-terminal-kameng"))
        defer { terminal.stop() }
        #expect(terminal.report.requestedTerm == "no-such-terminal-kameng")
        #expect(terminal.report.term == "xterm-256color")
        #expect(terminal.report.usedFallbackTerm)
    }

    @Test func reportNamesAUTF8LocaleAndTheColours() throws {
        let terminal = try NcursesTerminal.startHeadless(columns: 40, rows: 10)
        defer { terminal.stop() }
        let locale = try #require(terminal.report.locale)
        #expect(locale.uppercased().contains("UTF-8") || locale.lowercased().contains("utf8") || locale == "C.UTF-8",
                "\(locale)")
        #expect(terminal.report.colorCount == 256)
        #expect(terminal.report.headless)
    }

    @Test func onlyOneTerminalAtATime() throws {
        let terminal = try NcursesTerminal.startHeadless(columns: 40, rows: 10)
        // The real terminal does not wait: it fails at once while another is open.
        #expect(throws: NcursesTerminalError.anotherTerminalIsOpen) {
            try NcursesTerminal.start(options: NcursesOptions(handleSignals: false))
        }
        terminal.stop()
    }

    @Test func aStoppedTerminalIgnoresCalls() throws {
        let terminal = try NcursesTerminal.startHeadless(columns: 40, rows: 10)
        terminal.stop()
        terminal.draw(TableFrame.make(columns: 40, rows: 10, selected: 0))
        terminal.resize(columns: 50, rows: 12)
        #expect(terminal.readKey(timeoutMilliseconds: 0) == nil)
        #expect(terminal.size == (columns: 0, rows: 0))
        terminal.stop()
    }

    @Test func keyDecoderMapsControlBytes() {
        #expect(KeyDecoder.key(isKeyCode: false, code: 3) == .ctrl("c"))
        #expect(KeyDecoder.key(isKeyCode: false, code: 27) == .escape)
        #expect(KeyDecoder.key(isKeyCode: false, code: 0x9B) == nil)  // C1 CSI is never a character
        #expect(KeyDecoder.key(isKeyCode: false, code: 0x4E2D) == .char("中"))
    }

    @Test func glyphsSanitiseAndMeasure() {
        #expect(Glyph("\u{1B}") == .replacement)
        #expect(Glyph("\u{9B}[2J") == .replacement)
        #expect(Glyph("中").width == 2)
        #expect(Glyph("e\u{301}").scalars == ["e", "\u{301}"])  // combining mark kept
        #expect(Glyph("👨‍👩‍👧").scalars == ["👨"])  // ZWJ parts need columns the cell lacks
        #expect(Glyph("") == .space)
    }

    @Test func nearestPaletteColour() {
        #expect(NcursesColor.nearest(red: 0xFF, green: 0x87, blue: 0x00) == .indexed(208))
        #expect(NcursesColor.nearest(red: 0x80, green: 0x80, blue: 0x80) == .indexed(244))
        #expect(NcursesColor.indexed(196).fitted(toColorCount: 8) == .indexed(1))
    }
}
