/// Each pane's state, keyed by pane: the console state holds the panes it is given by the registry,
/// so adding a pane adds no stored property here. A pane's feature folder adds a typed accessor
/// (`ConsoleState.orders`) for its own code and its tests.
public struct PaneStates: Sendable {
    private var states: [Pane: any Sendable] = [:]

    init() {
        for pane in Pane.allCases { states[pane] = Self.initial(pane.feature) }
    }

    private static func initial<F: PaneFeature>(_ feature: F.Type) -> any Sendable { F.initialState }

    subscript<F: PaneFeature>(_ feature: F.Type) -> F.State {
        get { states[F.pane] as! F.State }
        _modify {
            // Taken out while it changes, so the value is not shared and changes in place (no copy of its rows).
            var value = states.removeValue(forKey: F.pane) as! F.State
            defer { states[F.pane] = value }
            yield &value
        }
        set { states[F.pane] = newValue }
    }
}
