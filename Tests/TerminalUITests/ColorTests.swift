import Testing
import TerminalUI

@Suite("Colours")
struct ColorTests {
    @Test func hexParsing() {
        #expect(RGBColor(hex: "#1C1c1c") == RGBColor(red: 0x1c, green: 0x1c, blue: 0x1c))
        #expect(RGBColor(hex: "#ff8000")?.description == "#ff8000")
        for bad in ["", "ff8000", "#ff800", "#ff80000", "#gg0000", "#f80"] { #expect(RGBColor(hex: bad) == nil, "\(bad)") }
    }

    @Test func reduceTo256() {
        #expect(RGBColor(hex: "#000000")!.nearest256() == 16)
        #expect(RGBColor(hex: "#ffffff")!.nearest256() == 231)
        #expect(RGBColor(hex: "#ff0000")!.nearest256() == 196)
        #expect(RGBColor(hex: "#5f87af")!.nearest256() == 67)      // exact cube colour
        #expect(RGBColor(hex: "#808080")!.nearest256() == 244)     // grey ramp beats the cube
        #expect(RGBColor(hex: "#1c1c1c")!.nearest256() == 234)
        #expect(RGBColor(hex: "#d7af00")!.reduced(for: .colors256) == .indexed(178))
    }

    @Test func reduceTo16() {
        #expect(RGBColor(hex: "#000000")!.nearest16() == 0)
        #expect(RGBColor(hex: "#ff0000")!.nearest16() == 9)
        #expect(RGBColor(hex: "#c00000")!.nearest16() == 1)
        #expect(RGBColor(hex: "#00a000")!.nearest16() == 2)
        #expect(RGBColor(hex: "#f8f8f8")!.nearest16() == 15)
        #expect(RGBColor(hex: "#e0e0e0")!.nearest16() == 7)
        #expect(RGBColor(hex: "#1010f0")!.nearest16() == 4)
        #expect(RGBColor(hex: "#123456")!.reduced(for: .none) == .terminalDefault)
        #expect(RGBColor(hex: "#123456")!.reduced(for: .truecolor) == .rgb(RGBColor(hex: "#123456")!))
    }

    @Test func capabilityDetection() {
        func detect(_ colorTerm: String?, _ term: String?, _ noColor: String? = nil, flag: Bool = false) -> ColorCapability {
            ColorCapability.detect(colorTerm: colorTerm, term: term, noColor: noColor, noColorFlag: flag)
        }
        #expect(detect("truecolor", "xterm-256color") == .truecolor)
        #expect(detect("24bit", "screen") == .truecolor)
        #expect(detect(nil, "xterm-direct") == .truecolor)
        #expect(detect(nil, "xterm-256color") == .colors256)
        #expect(detect(nil, "tmux-256color") == .colors256)
        #expect(detect(nil, "xterm") == .colors16)
        #expect(detect(nil, "linux") == .colors16)
        #expect(detect(nil, "dumb") == .none)
        #expect(detect(nil, "vt100") == .none)
        #expect(detect(nil, nil) == .none)
        #expect(detect("truecolor", "xterm-256color", "1") == .none)
        #expect(detect("truecolor", "xterm-256color", "") == .truecolor)   // empty NO_COLOR is ignored
        #expect(detect("truecolor", "xterm-256color", flag: true) == .none)
        #expect(ColorCapability.truecolor.limited(toColorCount: 256) == .colors256)
        #expect(ColorCapability.colors256.limited(toColorCount: 8) == .colors16)
        #expect(ColorCapability.colors16.limited(toColorCount: 256) == .colors16)
    }

    @Test func themeFallsBackToNormal() {
        let theme = Theme(name: "t", colors: [.normal: ColorPair(foreground: RGBColor(hex: "#ffffff"))])
        #expect(theme.pair(for: .danger).foreground == RGBColor(hex: "#ffffff"))
        #expect(theme.missingRoles.count == StyleRole.allCases.count - 1)
        #expect(theme.terminalColors(for: .normal, capability: .colors256).foreground == .indexed(231))
        #expect(theme.terminalColors(for: .normal, capability: .none).background == .terminalDefault)
        #expect(Theme.plain.missingRoles.isEmpty)
    }
}
