import KamengConsole
import TerminalUI
import Testing

@Suite("Key choices from config.toml")
struct KeymapOverrideTests {
    let defaults = ConsoleKeymaps(language: .en)

    @Test("an override replaces the action's keys")
    func replaces() throws {
        let applied = try defaults.applying(overrides: ["quit": ["ctrl-q"], "moveDown": ["u", "down"]]).get()
        #expect(applied.global.action(for: .ctrl("q")) == .quit)
        #expect(applied.global.action(for: .char("q")) == nil)
        #expect(applied.list.action(for: .char("u")) == .moveDown)
        #expect(applied.list.action(for: .char("j")) == nil)
    }

    @Test("no overrides leave the defaults")
    func none() throws {
        let applied = try defaults.applying(overrides: [:]).get()
        #expect(applied.global.action(for: .char("q")) == .quit)
    }

    @Test("unknown actions, bad keys and conflicts are reported, not applied", arguments: [
        (["quitt": ["q"]], "unknown action \"quitt\""),
        (["quit": ["ctrl-"]], "quit"),
        (["quit": ["j"]], "key \"j\" is bound to both"),
        (["showOrders": ["tab"]], "key \"tab\" is bound to both"),
    ] as [([String: [String]], String)])
    func refused(overrides: [String: [String]], expected: String) {
        guard case let .failure(problems) = defaults.applying(overrides: overrides) else {
            Issue.record("\(overrides) was accepted")
            return
        }
        #expect(problems.lines.contains { $0.contains(expected) }, "\(problems.lines)")
    }
}
