import Foundation
import KamengDomain
import KamengStorage
import KamengVault

// MARK: EngineMaintenance
extension SQLiteEngine {
    public func integrityCheck() async throws(StoreError) -> String {
        try await run { store in try store.integrityCheck() }
    }

    public func checkpoint() async throws(StoreError) {
        try await run { store in try store.checkpoint() }
    }

    public func seedDemo(size: DemoSize, seed: UInt64, anchor: Date, by actor: Staff,
                         progress: @escaping @Sendable (String) -> Void) async throws(StoreError) -> DemoSummary {
        try await run { store in try store.seedDemo(size: size, seed: seed, anchor: anchor, by: actor, progress: progress) }
    }

    public func demoSummary(now: Date) async throws(StoreError) -> DemoSummary {
        try await run { store in try store.demoSummary(now: now) }
    }

    public func rotateKeyFile(at keyFilePath: String, by actor: Staff) async throws(StoreError) -> KeyRotationResult {
        try await run { store in try store.rotateKeyFile(at: keyFilePath, by: actor) }
    }

    /// SQLite's `PRAGMA data_version`, asked on a connection of its own (`DataVersionProbe`: through the
    /// pool, two polls could ask two readers and see a change that is not there). A tick on which that
    /// connection cannot be opened or read is skipped, and the next opens a new one: the sequence ends
    /// only with its consumer (it used to end at the first failure, silently stopping live updates).
    public func changes(every interval: Duration) -> ChangeNotices {
        let store = self.store
        let poller = DataVersionPoller { try store.makeDataVersionProbe() }
        return ChangeNotices.polling(every: interval, skippingFailures: true) {
            (try? await Self.offPool { poller.version() }.get()) ?? nil
        }
    }
}
