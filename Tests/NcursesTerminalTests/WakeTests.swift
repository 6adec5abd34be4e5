import Dispatch
import NcursesTerminal
import TerminalUI
import Testing

/// `makeWaker()`: once a terminal has one, `readKey` waits in poll on the input and a wake pipe, so
/// another thread can end the wait (the console's answers show without waiting out the timeout), and
/// every key still decodes as before.
@Suite("Waking a key read")
struct WakeTests {
    @Test func everyKeyStillDecodesWithAWaker() throws {
        let terminal = try NcursesTerminal.startHeadless(columns: 80, rows: 24)
        defer { terminal.stop() }
        _ = try #require(terminal.makeWaker())
        for (name, bytes, expected) in KeyInputTests.sequences {
            terminal.feedInput(bytes)
            #expect(terminal.readKey(timeoutMilliseconds: 1000) == expected, "\(name)")
        }
        terminal.feedInput(Array("卡盟".utf8) + [27])
        #expect(terminal.readKey(timeoutMilliseconds: 1000) == .char("卡"))
        #expect(terminal.readKey(timeoutMilliseconds: 1000) == .char("盟"))
        #expect(terminal.readKey(timeoutMilliseconds: 1000) == .escape)
    }

    @Test func aWakeFromAnotherThreadEndsTheWait() throws {
        let terminal = try NcursesTerminal.startHeadless(columns: 80, rows: 24)
        defer { terminal.stop() }
        let wake = try #require(terminal.makeWaker())
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.05) { wake() }
        let clock = ContinuousClock()
        let start = clock.now
        #expect(terminal.readKey(timeoutMilliseconds: 30_000) == nil)
        #expect(clock.now - start < .seconds(15), "woken, not timed out")
        // The wake was used up: the next read waits for a key, which another thread types (feedInput only
        // writes to the input pipe; it does not touch ncurses).
        nonisolated(unsafe) let typist = terminal
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.05) { typist.feedInput(Array("j".utf8)) }
        #expect(terminal.readKey(timeoutMilliseconds: 30_000) == .char("j"))
    }

    @Test func wakesBeforeTheReadAreNotLost() throws {
        let terminal = try NcursesTerminal.startHeadless(columns: 80, rows: 24)
        defer { terminal.stop() }
        let wake = try #require(terminal.makeWaker())
        wake()
        wake()
        let clock = ContinuousClock()
        let start = clock.now
        #expect(terminal.readKey(timeoutMilliseconds: 30_000) == nil)
        #expect(clock.now - start < .seconds(15))
    }
}
