import Foundation
import KamengDomain
import KamengStorage
import Testing

/// What the conformance suite needs from an engine: a new, empty store in a directory of its own, and a
/// second engine on that same store (as another process would open it). Every test of the suite takes a
/// factory as its argument, so the next engine runs the same tests by adding its factory to
/// `EngineFactories.all`; nothing else in the suite knows which engine it is talking to.
protocol EngineFactory: Sendable, CustomTestStringConvertible {
    /// Names the engine in test names and failure messages.
    var name: String { get }
    /// A new store in `directory` (which exists and is empty) whose first admin is `adminUser`; the
    /// engine and that admin, read back through the engine.
    func make(directory: URL, adminUser: String) async throws -> (engine: any KamengEngine, admin: Staff)
    /// Another engine on the store `make` built in `directory`: its own connections, as another process;
    /// `readOnly` as a `--readonly` session opens it.
    func open(directory: URL, readOnly: Bool) async throws -> any KamengEngine
    /// The key file of the store in `directory`, for rotating it.
    func keyFilePath(directory: URL) -> String
    /// Lets the substation deliver without funds, as one that existed before the ledger (issue 18) does:
    /// the fixtures written before the money assume free delivery. Audits nothing.
    func deliverWithoutFunds(directory: URL, substation code: String) async throws
}

extension EngineFactory {
    var testDescription: String { name }
}
