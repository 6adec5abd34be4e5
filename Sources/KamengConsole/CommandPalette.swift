import KamengDomain
import Foundation
import TerminalUI

/// `:` runs a command by name: its action id (`showRisk`, `acknowledge`…, as in Docs/Keybindings.md) or
/// words from its help text in either language (`risk`, `风控`, `refund`). Tab completes the id.
enum CommandPalette {
    static func typed(_ key: Key, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard let field = state.palette else { return [] }
        switch key {
        case .escape:
            state.palette = nil
            return []
        case .tab:
            if let first = matches(field.value, state).first { state.palette = TextFieldState(first.rawValue) }
            return []
        case .enter:
            state.palette = nil
            let text = field.value.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else { return [] }
            guard let command = matches(text, state).first else {
                state.paletteMessage = Strings(language: state.language, ellipsis: state.glyphs.ellipsis).unknownCommand(text)
                return []
            }
            return reduce(&state, .command(command))
        default:
            if let next = field.applying(key) { state.palette = next }
            return []
        }
    }

    /// Commands matching `text`: an exact action id first, then ids starting with it, then help texts
    /// containing it (any language, any case); only commands the person's role allows.
    static func matches(_ text: String, _ state: ConsoleState) -> [Command] {
        let wanted = text.lowercased()
        guard !wanted.isEmpty else { return [] }
        let bindings = state.keymaps.documented.flatMap(\.bindings) + ConsoleKeymaps(language: state.language == .zh ? .en : .zh).documented.flatMap(\.bindings)
        var found: [Command] = []
        func add(_ command: Command) { if !found.contains(command), state.allows(command), !fixed.contains(command) { found.append(command) } }
        let commands = state.keymaps.allCommands
        for command in commands where command.rawValue.lowercased() == wanted { add(command) }
        for command in commands where command.rawValue.lowercased().hasPrefix(wanted) { add(command) }
        for binding in bindings where binding.help.lowercased().contains(wanted) { add(binding.action) }
        for pane in Pane.allCases where pane.title(.en).lowercased().contains(wanted) || pane.title(.zh).contains(text) {
            add(pane.showCommand)
        }
        return found
    }

    /// Keys a field or dialog handles itself, and the palette itself: not commands to run by name.
    static let fixed: Set<Command> = [.completePath, .clearField, .switchButton, .nextField, .previousField, .toggleOption, .commandPalette]
}
