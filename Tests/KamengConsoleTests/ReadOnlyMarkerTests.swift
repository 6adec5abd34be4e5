import KamengConsole
import KamengDomain
import TerminalUI
import Testing

/// A `--readonly` session says so on the status line, in both languages; a normal one does not.
@Suite("read-only marker")
struct ReadOnlyMarkerTests {
    @Test("the status line shows READ-ONLY / 只读 only in a read-only session", arguments: [(UILanguage.en, "READ-ONLY"), (.zh, "只读")])
    func marker(language: UILanguage, word: String) {
        var state = ConsoleState(language: language)
        #expect(!render(state, width: 120, height: 40).lines[1].contains(word))
        state.readOnly = true
        #expect(render(state, width: 120, height: 40).lines[1].contains(word))
        #expect(render(state, width: 40, height: 10).lines[1].contains(word), "kept on the narrowest layout")
    }
}

/// A `--readonly` session offers no changing action, whatever the role: not in the hint bar, not in the
/// palette, and the key does nothing.
@Suite("read-only session offers no changes")
struct ReadOnlyOffersTests {
    static let changing: [Command] = [.openSubstation, .openSubstationBatch, .suspendSubstation, .approve, .reject, .reveal,
                                      .deliverNow, .refund, .voidBatch, .acknowledge, .editThreshold]

    @Test("an admin's read-only substations pane hints o/O only when writable; every changing command is refused")
    func adminReadOnly() {
        var state = ConsoleState(language: .en)
        state.role = .admin
        state.pane = .substations
        let writable = state.hintBindings.map(\.action)
        #expect(writable.contains(.openSubstation), "the fixture must offer o when writable: \(writable)")
        state.readOnly = true
        let offered = state.hintBindings.map(\.action)
        for command in Self.changing {
            #expect(!state.allows(command), "\(command) allowed read-only")
            #expect(!offered.contains(command), "\(command) hinted read-only")
        }
        #expect(state.allows(.moveDown) && state.allows(.toggleHelp))
        #expect(reduce(&state, .command(.openSubstation)).isEmpty)
        #expect(state.substations.dialog == nil, "o opened a form in a read-only session")
    }
}
