import Foundation
import KamengTestSupport
import Testing
import TerminalUI

@Suite("Keymaps")
struct KeymapTests {
    @Test func keySpecsParseAndPrint() throws {
        let cases: [(String, Key)] = [
            ("j", .char("j")), ("J", .char("J")), ("ctrl-l", .ctrl("l")), ("Ctrl-L", .ctrl("l")), ("C-x", .ctrl("x")),
            ("^R", .ctrl("r")), ("down", .down), ("pgdn", .pageDown), ("PageUp", .pageUp), ("f1", .function(1)),
            ("F12", .function(12)), ("shift-tab", .backTab), ("space", .char(" ")), ("enter", .enter),
            ("esc", .escape), ("/", .char("/")), ("-", .char("-")), ("中", .char("中")),
        ]
        for (spec, key) in cases { #expect(try KeySpec.parse(spec) == key, "\(spec)") }
        let printable: [Key] = [.char("j"), .char(" "), .ctrl("l"), .up, .down, .left, .right, .pageUp, .pageDown,
                                .home, .end, .enter, .escape, .tab, .backTab, .backspace, .delete, .insert, .function(5)]
        for key in printable { #expect(try KeySpec.parse(KeySpec.string(for: key)) == key) }
        for bad in ["", "ctrl-", "ctrl-ab", "f0", "f99", "hyper-x", "pgdnn"] {
            #expect(throws: KeySpec.ParseError.self, "\(bad)") { try KeySpec.parse(bad) }
        }
        #expect(KeySpec.label(for: .ctrl("l")) == "^L")
        #expect(KeySpec.label(for: .backTab) == "S-Tab")
    }

    @Test func lookupAndConflicts() {
        #expect(Keys.orders.action(for: .down) == .moveDown)
        #expect(Keys.orders.action(for: .char("z")) == nil)
        #expect(Keys.orders.conflicts().isEmpty)
        let clash = Keymap<Action>(scope: "orders", bindings: [
            KeyBinding([.char("j")], .moveDown, help: "Down"),
            KeyBinding([.char("j"), .char("k")], .approve, help: "Approve"),
            KeyBinding([.char("k")], .approve, help: "Approve again"),  // same action twice: not a conflict
        ])
        #expect(clash.conflicts() == [#"orders: key "j" is bound to both "moveDown" and "approve""#])
    }

    @Test func userOverrides() throws {
        let custom = try Keys.orders.applying(overrides: ["approve": ["y", "ctrl-a"], "quit": ["x"]])
        #expect(custom.action(for: .char("y")) == .approve)
        #expect(custom.action(for: .ctrl("a")) == .approve)
        #expect(custom.action(for: .char("a")) == nil)
        let clash = try Keys.orders.applying(overrides: ["approve": ["j"]])
        #expect(clash.conflicts().count == 1)
        #expect(throws: KeymapOverrideError(actionID: "approve", spec: "ctrl-", scope: "orders")) {
            try Keys.orders.applying(overrides: ["approve": ["ctrl-"]])
        }
        #expect(Keymap.unknownActionIDs(in: ["aprove": ["y"], "quit": ["x"]], keymaps: [Keys.orders, Keys.global]) == ["aprove"])
        let error = KeymapOverrideError(actionID: "approve", spec: "ctrl-", scope: "orders")
        #expect(error.description.contains("approve") && error.description.contains("ctrl-"))
    }

    @Test func stringActionsWork() {
        let map = Keymap<String>(scope: "s", bindings: [KeyBinding([.char("q")], "quit", help: "Quit", showInHintBar: true)])
        #expect(map.action(for: .char("q")) == "quit")
        #expect(HintBar(keymaps: [map]).hints.map(\.key) == ["q"])
    }

    @Test func cheatsheetMarkdown() throws {
        let pipes = Keymap<String>(scope: "x", title: "Odd keys", bindings: [
            KeyBinding([.char("|"), .char("`")], "pipe", help: "a | b"),
        ])
        let text = markdownCheatsheet([Keys.orders, Keys.global]) + markdownCheatsheet([pipes])
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/cheatsheet.md")
        if GoldenScreens.recording {
            try text.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("Recorded golden cheatsheet.md")
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(text == expected)
        #expect(text.contains("| `j`, `down` | 下一行 | `moveDown` |"))
        #expect(text.contains(#"| `\|`, `` ` `` | a \| b | `pipe` |"#))
    }
}
