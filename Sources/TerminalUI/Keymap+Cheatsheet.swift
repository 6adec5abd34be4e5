/// The text of Docs/Keybindings.md, generated from the keymaps so the document cannot drift from the code:
/// a test compares the file with this output and fails when it is stale.
///
/// One section per keymap (in the order given), sub-headed by binding group when groups are set, with a
/// table of keys (canonical specs, as accepted by overrides), help text and the action id to use in a
/// keymap override.
public func markdownCheatsheet<Action: KeyAction>(
    _ keymaps: [Keymap<Action>], title: String = "Keybindings",
    intro: String = "Generated from the keymaps in code: change the bindings there, then regenerate this file."
) -> String {
    var out = ["# \(title)", "", intro, ""]
    for keymap in keymaps {
        out += ["## \(keymap.title)", ""]
        var groups: [String] = []
        for binding in keymap.bindings where !groups.contains(binding.group) { groups.append(binding.group) }
        for group in groups {
            if !group.isEmpty { out += ["### \(group)", ""] }
            out += ["| Keys | Does | Action id |", "| --- | --- | --- |"]
            for binding in keymap.bindings where binding.group == group {
                let keys = binding.keys.map { markdownCode(KeySpec.string(for: $0)) }.joined(separator: ", ")
                out.append("| \(keys.isEmpty ? "(unbound)" : keys) | \(markdownCell(binding.help)) | \(markdownCode(binding.action.id)) |")
            }
            out.append("")
        }
    }
    return out.joined(separator: "\n")
}

/// A code span that survives backticks and table pipes in its content (keys `` ` `` and `|` exist).
func markdownCode(_ text: String) -> String {
    let span = text.contains("`") ? "`` \(text) ``" : "`\(text)`"
    return markdownCell(span)
}

/// Table cell text: a pipe would end the cell, a newline the row.
func markdownCell(_ text: String) -> String {
    text.replacingAll("|", with: "\\|").replacingAll("\n", with: " ")
}

extension String {
    /// Foundation-free replace, since TerminalUI stays dependency-free.
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
