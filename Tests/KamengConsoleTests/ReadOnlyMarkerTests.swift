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
