import Foundation
import KamengDomain
import KamengSQLite
import KamengStorage

/// The demo's short substation paying in now and then while the demo is open
/// (`SQLiteStore.demoLiveTopUp`: a small, real, audited top-up that delivers some of its
/// `awaiting_funds` orders, oldest first). Small on purpose: the live traffic keeps it short, so the
/// Orders pane always has a few orders waiting for funds.
final class LiveTopUps: @unchecked Sendable {
    private let store: any KamengEngine
    private let owner: Staff
    private let interval: TimeInterval
    private var task: Task<Void, Never>?

    init(store: any KamengEngine, owner: Staff, interval: TimeInterval = 150) {
        self.store = store
        self.owner = owner
        self.interval = interval
    }

    func start() {
        let store = self.store, owner = self.owner, interval = self.interval
        task = Task(executorPreference: OwnThreadExecutor(name: "kameng demo top-ups")) {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(interval))
                guard !Task.isCancelled else { return }
                // A refusal (the owner used this 30-second code themself, say) waits for the next round.
                _ = try? await SQLiteStore.demoLiveTopUp(on: store, owner: owner)
            }
        }
    }

    func stop() { task?.cancel() }
}
