import KamengDomain
import Testing

@Suite("TerminalSafe")
struct TerminalSafeTests {
    @Test("ordinary text, Chinese included, passes through unchanged")
    func passthrough() {
        #expect(TerminalSafe.visible("腾讯Q币100元 Steam #1") == "腾讯Q币100元 Steam #1")
    }

    @Test("controls, escapes, C1, bidi and zero-width characters become visible", arguments: [
        ("a\u{1B}[2Jb", "a^[[2Jb"),
        ("\u{1B}]52;c;ZXZpbA==\u{07}", "^[]52;c;ZXZpbA==^G"),
        ("x\u{9B}31m", "x<U+009B>31m"),
        ("abc\u{202E}fed", "abc<U+202E>fed"),
        ("zero\u{200B}width", "zero<U+200B>width"),
        ("tab\there", "tab^Ihere"),
        ("del\u{7F}", "del^?"),
        ("bom\u{FEFF}", "bom<U+FEFF>"),
    ])
    func escaped(input: String, expected: String) {
        let shown = TerminalSafe.visible(input)
        #expect(shown == expected)
        #expect(!shown.unicodeScalars.contains { TerminalSafe.needsEscaping($0) })
    }
}
