import Testing
import TerminalUI
@testable import NcursesTerminal

/// Colours on a direct-colour (truecolor) terminal and their fallbacks on palette terminals.
@Suite struct DirectColorTests {
    @Test func rgbStaysRGBOnADirectColourTerminal() {
        let color = NcursesColor(.rgb(RGBColor(red: 0x12, green: 0x34, blue: 0x56)))
        #expect(color == .direct(0x123456))
        #expect(color.fitted(toColorCount: 1 << 24) == .direct(0x123456))
    }

    @Test func paletteIndicesBecomeTheirRGBOnADirectColourTerminal() {
        // Above 7, a direct-colour terminal reads the number as RGB: 252 would be a dark blue, not grey.
        #expect(NcursesColor.indexed(252).fitted(toColorCount: 1 << 24) == .direct(0xD0D0D0))
        #expect(NcursesColor.indexed(3).fitted(toColorCount: 1 << 24) == .indexed(3))
        #expect(NcursesColor.default.fitted(toColorCount: 1 << 24) == .default)
    }

    @Test func rgbFallsToTheNearestPaletteIndexElsewhere() {
        #expect(NcursesColor.direct(0xD0D0D0).fitted(toColorCount: 256) == .indexed(252))
        #expect(NcursesColor.direct(0xFF0000).fitted(toColorCount: 256) == .indexed(196))
        #expect(NcursesColor.direct(0xFF0000).fitted(toColorCount: 16) == .indexed(9))
        #expect(NcursesColor.direct(0xFF0000).fitted(toColorCount: 8) == .indexed(1))
    }
}
