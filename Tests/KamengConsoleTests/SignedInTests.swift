import KamengConsole
import KamengDomain
import TerminalUI
import Testing

/// The status line names who is signed in, so a console reached over SSH says whose session it is.
@Suite("signed-in name on the status line")
struct SignedInTests {
    @Test("the staff name and role show on the status line; a name with escapes shows as text")
    func shown() {
        var state = ConsoleState(language: .en)
        #expect(!render(state, width: 120, height: 40).lines[1].contains("alice"))
        state.signedIn = "alice"
        state.role = .operator
        #expect(render(state, width: 120, height: 40).lines[1].contains("alice (operator)"))
        state.signedIn = "x\u{1B}]0;t\u{07}"
        let line = render(state, width: 120, height: 40).lines[1]
        #expect(line.contains("x^[]0;t^G") && !line.contains("\u{1B}"))
    }

    @Test("on a narrow terminal the pane's own status keeps its room: the name gives way, not the status")
    func givesWay() {
        var state = ConsoleState(language: .en)
        state.signedIn = "alice"
        state.role = .operator
        state.paletteMessage = "9 of 14 products need stock, acknowledged included"
        let narrow = render(state, width: 60, height: 20).lines[1]
        #expect(narrow.contains("acknowledged included") && !narrow.contains("alice"), "\(narrow)")
        #expect(render(state, width: 120, height: 40).lines[1].contains("alice (operator)"))
    }
}
