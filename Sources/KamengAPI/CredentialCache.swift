import Foundation
import KamengStorage

/// Substations' credentials for a second at a time, so a busy shop costs the store one read a second
/// rather than one a request. A signature that fails against a cached entry is checked again against a
/// fresh read, so a rotation is seen at once; sealing always reads afresh (`fresh`).
final class CredentialCache: @unchecked Sendable {
    private let engine: any KamengEngine
    private let lock = NSLock()
    private var entries: [String: (credentials: SubstationCredentials?, at: TimeInterval)] = [:]
    private let ttl: TimeInterval = 1

    init(engine: any KamengEngine) { self.engine = engine }

    func cached(_ code: String) async throws(StoreError) -> SubstationCredentials? {
        let now = ProcessInfo.processInfo.systemUptime
        if let entry = lock.withLock({ entries[code] }), now - entry.at < ttl { return entry.credentials }
        return try await fresh(code)
    }

    func fresh(_ code: String) async throws(StoreError) -> SubstationCredentials? {
        let credentials = try await engine.apiCredentials(code: code)
        let now = ProcessInfo.processInfo.systemUptime
        lock.withLock {
            // Unknown codes are remembered too, but a flood of made-up codes must not grow the map forever.
            if entries.count > 10_000 { entries.removeAll() }
            entries[code] = (credentials, now)
        }
        return credentials
    }
}
