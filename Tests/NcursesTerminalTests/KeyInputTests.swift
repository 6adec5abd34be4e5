import NcursesTerminal
import TerminalUI
import Testing

/// Keys typed into a headless terminal's input pipe, decoded by ncurses through xterm-256color's
/// terminfo exactly as a keyboard's bytes would be.
@Suite("Reading keys")
struct KeyInputTests {
    static let sequences: [(String, [UInt8], Key)] = [
        ("up", Array("\u{1B}OA".utf8), .up), ("down", Array("\u{1B}OB".utf8), .down),
        ("right", Array("\u{1B}OC".utf8), .right), ("left", Array("\u{1B}OD".utf8), .left),
        ("home", Array("\u{1B}OH".utf8), .home), ("end", Array("\u{1B}OF".utf8), .end),
        ("pgup", Array("\u{1B}[5~".utf8), .pageUp), ("pgdn", Array("\u{1B}[6~".utf8), .pageDown),
        ("delete", Array("\u{1B}[3~".utf8), .delete), ("insert", Array("\u{1B}[2~".utf8), .insert),
        ("shift-tab", Array("\u{1B}[Z".utf8), .backTab),
        ("f1", Array("\u{1B}OP".utf8), .function(1)), ("f5", Array("\u{1B}[15~".utf8), .function(5)),
        ("f12", Array("\u{1B}[24~".utf8), .function(12)), ("keypad enter", Array("\u{1B}OM".utf8), .enter),
        ("cr", [13], .enter), ("lf", [10], .enter), ("tab", [9], .tab),
        ("del as backspace", [127], .backspace), ("ctrl-h", [8], .backspace),
        ("ctrl-a", [1], .ctrl("a")), ("ctrl-l", [12], .ctrl("l")), ("ctrl-z", [26], .ctrl("z")),
        ("ascii", Array("q".utf8), .char("q")), ("wide", Array("中".utf8), .char("中")),
        ("slash", Array("/".utf8), .char("/")),
    ]

    @Test func everyKeyTheConsoleUses() throws {
        let terminal = try NcursesTerminal.startHeadless(columns: 80, rows: 24)
        defer { terminal.stop() }
        for (name, bytes, expected) in Self.sequences {
            terminal.feedInput(bytes)
            #expect(terminal.readKey(timeoutMilliseconds: 1000) == expected, "\(name)")
        }
    }

    @Test func loneEscapeIsEscapeAfterTheShortDelay() throws {
        let terminal = try NcursesTerminal.startHeadless(columns: 80, rows: 24)
        defer { terminal.stop() }
        terminal.feedInput([27])
        let clock = ContinuousClock()
        let start = clock.now
        #expect(terminal.readKey(timeoutMilliseconds: 2000) == .escape)
        // set_escdelay(25): nowhere near ncurses' default of a full second.
        #expect(clock.now - start < .milliseconds(500))
    }

    @Test func chineseTypedInARowArrivesCharacterByCharacter() throws {
        let terminal = try NcursesTerminal.startHeadless(columns: 80, rows: 24)
        defer { terminal.stop() }
        terminal.feedInput(Array("卡盟a".utf8))
        #expect(terminal.readKey(timeoutMilliseconds: 1000) == .char("卡"))
        #expect(terminal.readKey(timeoutMilliseconds: 1000) == .char("盟"))
        #expect(terminal.readKey(timeoutMilliseconds: 1000) == .char("a"))
    }

    @Test func timeoutReturnsNil() throws {
        let terminal = try NcursesTerminal.startHeadless(columns: 80, rows: 24)
        defer { terminal.stop() }
        #expect(terminal.readKey(timeoutMilliseconds: 30) == nil)
    }
}
