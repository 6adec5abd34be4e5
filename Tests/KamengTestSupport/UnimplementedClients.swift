import Foundation
import KamengConsole
import Testing

/// The console's data clients for a test: every call the test did not replace fails the test, naming
/// the call (`orders.page`, `alerts.levels`…), instead of answering something plausible. A test starts
/// from `clients` and sets the closures it expects: `calls.clients.orders.page = { … }`.
public final class UnexpectedCalls: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [String] = []
    private let sourceLocation: SourceLocation
    public var clients: ConsoleClients

    public init(sourceLocation: SourceLocation = #_sourceLocation) {
        self.sourceLocation = sourceLocation
        clients = .unimplemented(report: { _ in })
        clients = .unimplemented(report: { [weak self] name in self?.report(name) })
    }

    /// The unexpected calls so far, in order.
    public var names: [String] { lock.withLock { recorded } }

    private func report(_ name: String) {
        lock.withLock { recorded.append(name) }
        Issue.record("unexpected call to \(name): the test gave no client for it", sourceLocation: sourceLocation)
    }
}
