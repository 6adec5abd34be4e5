import TerminalUI

/// The registry at work: each function opens a pane's feature type and calls it with that pane's own
/// state, so the console's reducer, view and app never switch over panes.
extension Pane {
    func activeKeymaps(_ state: ConsoleState) -> [Keymap<Command>] {
        func open<F: PaneFeature>(_: F.Type) -> [Keymap<Command>] {
            F.activeKeymaps(state.panes[F.self], own: state.keymaps[F.pane], state.keymaps)
        }
        return open(feature)
    }

    func helpKeymaps(_ keymaps: ConsoleKeymaps) -> [Keymap<Command>] { [keymaps[self]] + feature.helpKeymaps(keymaps) }

    func capturesKeys(_ state: ConsoleState) -> Bool {
        func open<F: PaneFeature>(_: F.Type) -> Bool { F.capturesKeys(state.panes[F.self]) }
        return open(feature)
    }

    func isLoading(_ state: ConsoleState) -> Bool {
        func open<F: PaneFeature>(_: F.Type) -> Bool { F.isLoading(state.panes[F.self]) }
        return open(feature)
    }

    func asksBeforeQuit(_ state: ConsoleState) -> Bool {
        func open<F: PaneFeature>(_: F.Type) -> Bool { F.asksBeforeQuit(state.panes[F.self]) }
        return open(feature)
    }

    func quitting(_ state: inout ConsoleState) -> [ConsoleEffect] {
        func open<F: PaneFeature>(_: F.Type) -> [ConsoleEffect] { F.quitting(&state.panes[F.self]) }
        return open(feature)
    }

    func started(_ state: inout ConsoleState) -> [ConsoleEffect] {
        func open<F: PaneFeature>(_: F.Type) -> [ConsoleEffect] { F.started(&state.panes[F.self]) }
        return open(feature)
    }

    func changed(_ state: inout ConsoleState, _ change: DataChange) -> [ConsoleEffect] {
        func open<F: PaneFeature>(_: F.Type) -> [ConsoleEffect] { F.changed(&state.panes[F.self], change) }
        return open(feature)
    }

    func shown(_ state: inout ConsoleState) -> [ConsoleEffect] {
        func open<F: PaneFeature>(_: F.Type) -> [ConsoleEffect] { F.shown(&state.panes[F.self]) }
        return open(feature)
    }

    func command(_ command: Command, _ state: inout ConsoleState) -> [ConsoleEffect] {
        let context = state.context
        func open<F: PaneFeature>(_: F.Type) -> [ConsoleEffect] { F.command(command, &state.panes[F.self], context) }
        return open(feature)
    }

    func typed(_ key: Key, _ state: inout ConsoleState) -> [ConsoleEffect] {
        let context = state.context
        func open<F: PaneFeature>(_: F.Type) -> [ConsoleEffect] { F.typed(key, &state.panes[F.self], context) }
        return open(feature)
    }

    /// Folds an answer in; one of another type than the pane's (never sent) is dropped.
    func answer(_ message: PaneMessage, _ state: inout ConsoleState) -> [ConsoleEffect] {
        let context = state.context
        func open<F: PaneFeature>(_: F.Type) -> [ConsoleEffect] {
            guard let answer = message.value(as: F.Answer.self) else { return [] }
            return F.answer(answer, &state.panes[F.self], context)
        }
        return open(feature)
    }

    func resized(_ state: inout ConsoleState) {
        let context = state.context
        func open<F: PaneFeature>(_: F.Type) { F.resized(&state.panes[F.self], context) }
        open(feature)
    }

    func render(_ state: ConsoleState, into screen: inout Screen, area: Rect) {
        func open<F: PaneFeature>(_: F.Type) { F.render(PaneView(state: state.panes[F.self], context: state.context), into: &screen, area: area) }
        open(feature)
    }

    func status(_ state: ConsoleState) -> String {
        func open<F: PaneFeature>(_: F.Type) -> String { F.status(PaneView(state: state.panes[F.self], context: state.context)) }
        return open(feature)
    }

    func renderStatusLine(_ state: ConsoleState, into screen: inout Screen, area: Rect) -> Bool {
        func open<F: PaneFeature>(_: F.Type) -> Bool {
            F.renderStatusLine(PaneView(state: state.panes[F.self], context: state.context), into: &screen, area: area)
        }
        return open(feature)
    }
}

extension Pane {
    /// A pane's effects with those that ask for another pane resolved here, in the reducer, so the jump
    /// is one state change (and testable without the app): `.showOrder` brings Orders to the front,
    /// filtered to the order, which opens when the list answers.
    static func follow(_ effects: [ConsoleEffect], _ state: inout ConsoleState) -> [ConsoleEffect] {
        effects.flatMap { effect -> [ConsoleEffect] in
            guard case .showOrder(let orderNo) = effect else { return [effect] }
            state.pane = .orders
            return OrdersFeature.showOnly(orderNo, &state.orders)
        }
    }
}
