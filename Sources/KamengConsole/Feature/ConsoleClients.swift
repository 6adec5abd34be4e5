import KamengStorage

/// Each pane's data client, keyed by pane. The executable wires `live(_:)` (every client over the
/// storage interface); a test gives the clients it needs and `unimplemented` for the rest, so an
/// effect the test did not expect fails it by name instead of answering something plausible.
public struct ConsoleClients: Sendable {
    private var clients: [Pane: any Sendable] = [:]

    private init() {}

    /// Every pane's client over `session`'s engine.
    public static func live(_ session: ConsoleSession) -> ConsoleClients {
        var result = ConsoleClients()
        for pane in Pane.allCases {
            func open<F: PaneFeature>(_: F.Type) { result.clients[pane] = F.live(session) }
            open(pane.feature)
        }
        return result
    }

    /// Clients whose every call reports `name` through `report` (a test records an issue) and then
    /// throws; a test replaces the ones it expects to be called.
    public static func unimplemented(report: @escaping @Sendable (String) -> Void) -> ConsoleClients {
        var result = ConsoleClients()
        for pane in Pane.allCases {
            func open<F: PaneFeature>(_: F.Type) { result.clients[pane] = F.unimplemented(report) }
            open(pane.feature)
        }
        return result
    }

    subscript<F: PaneFeature>(_ feature: F.Type) -> F.Client {
        get { clients[F.pane] as! F.Client }
        set { clients[F.pane] = newValue }
    }
}

/// The error an unimplemented client's call throws after reporting itself.
func unimplementedCall(_ name: String, _ report: @Sendable (String) -> Void) -> StoreError {
    report(name)
    return StoreError.notFound(.other("\(name) (not implemented in this test)"))
}
