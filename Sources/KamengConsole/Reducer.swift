import KamengDomain
import TerminalUI

/// The console's one transition function: `reduce(&state, action) -> effects`. Pure and synchronous,
/// so every behaviour (paging, reload, pane switching) is tested without a terminal or a database.
/// What concerns one pane goes to that pane's feature through the registry; this handles the rest
/// (switching panes, help, the palette, quitting).
public func reduce(_ state: inout ConsoleState, _ action: ConsoleAction) -> [ConsoleEffect] {
    switch action {
    case .started:
        return Pane.allCases.flatMap { $0.started(&state) }
    case .resized(let width, let height):
        state.width = width
        state.height = height
        for pane in Pane.allCases { pane.resized(&state) }
        return []
    case .command(let command):
        return reduceCommand(&state, command)
    case .answer(let message):
        return message.pane.answer(message, &state)
    case .dataVersionPolled(let version):
        let previous = state.dataVersion
        state.dataVersion = version
        // The first answer only sets the baseline: the initial load is already under way.
        let committed = previous != nil && previous != version
        return Pane.allCases.flatMap { $0.changed(&state, DataChange(committed: committed, inFront: $0 == state.pane)) }
    case .tick:
        if state.isLoading { state.spinnerFrame &+= 1 }
        return []
    case .clock(let now):
        state.today = now
        return []
    case .typed(let key):
        guard state.capturesKeys else { return [] }
        if state.palette != nil { return CommandPalette.typed(key, &state) }
        if var dialog = state.quitDialog {
            guard let outcome = dialog.handle(key) else { state.quitDialog = dialog; return [] }
            state.quitDialog = nil
            guard outcome == .confirmed else { return [] }
            state.quitRequested = true
            return Pane.allCases.flatMap { $0.quitting(&state) } + [.quit]
        }
        return state.pane.typed(key, &state)
    }
}

private func reduceCommand(_ state: inout ConsoleState, _ command: Command) -> [ConsoleEffect] {
    guard state.allows(command) else { return [] }
    state.paletteMessage = nil
    if state.showingHelp {
        // Help's own keys scroll and close it; the global ones still work; the pane's wait until it closes.
        switch command {
        case .moveDown: state.helpScroll += 1; return []
        case .moveUp: state.helpScroll = max(0, state.helpScroll - 1); return []
        case .closeOverlay, .toggleHelp: state.showingHelp = false; return []
        default: if Command.movement.contains(command) { return [] }
        }
    } else if state.pane.feature.commands.contains(command) {
        return Pane.follow(state.pane.command(command, &state), &state)
    }
    if let pane = Pane.allCases.first(where: { $0.showCommand == command }) {
        return bringToFront(pane, &state)
    }
    switch command {
    case .quit:
        if Pane.allCases.contains(where: { $0.asksBeforeQuit(state) }) {
            state.quitDialog = ConfirmDialogState()
            return []
        }
        state.quitRequested = true
        return [.quit]
    case .redraw:
        return [.redrawAll]
    case .commandPalette:
        state.palette = TextFieldState()
        state.paletteMessage = nil
        return []
    case .toggleHelp:
        state.showingHelp = true
        state.helpScroll = 0
        return []
    case .nextPane, .previousPane:
        return bringToFront(state.pane.cycled(by: command == .nextPane ? 1 : -1), &state)
    default:
        return []  // another pane's command, or a key a field handles itself: nothing here
    }
}

/// Shows `pane`; one that commits left stale reloads now.
private func bringToFront(_ pane: Pane, _ state: inout ConsoleState) -> [ConsoleEffect] {
    guard pane != state.pane else { return [] }
    state.pane = pane
    return pane.shown(&state)
}
