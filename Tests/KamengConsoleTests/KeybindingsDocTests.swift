import Foundation
import KamengConsole
import TerminalUI
import Testing

/// Docs/Keybindings.md is generated from the keymaps; this fails when the doc is stale.
/// `KAMENG_RECORD_GOLDEN=1 swift test --filter KeybindingsDocTests` rewrites it.
@Suite("Docs/Keybindings.md")
struct KeybindingsDocTests {
    static let docPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Docs/Keybindings.md").path

    static func generated() -> String {
        let maps = ConsoleKeymaps(language: .en)
        return markdownCheatsheet(maps.documented, title: "Keybindings",
                                  intro: "Generated from Sources/KamengConsole/Keymaps.swift by KeybindingsDocTests; "
                                      + "change the bindings there and run `KAMENG_RECORD_GOLDEN=1 swift test --filter KeybindingsDocTests`.")
    }

    @Test("the keybindings doc matches the keymaps")
    func upToDate() throws {
        let expected = Self.generated()
        if ProcessInfo.processInfo.environment["KAMENG_RECORD_GOLDEN"] == "1" {
            try expected.write(toFile: Self.docPath, atomically: true, encoding: .utf8)
            Issue.record("recorded \(Self.docPath)")
            return
        }
        let actual = try String(contentsOfFile: Self.docPath, encoding: .utf8)
        #expect(actual == expected, "Docs/Keybindings.md is stale: regenerate it with KAMENG_RECORD_GOLDEN=1")
    }
}
