import Foundation
import KamengDomain
import KamengSQLite
import KamengStorage
import KamengVault

/// The demo's short substation (`SQLiteStore.demoShortStation`) paying in now and then while the demo
/// is open: a small top-up through the engine as the demo's owner, with a code from the published demo
/// authenticator (accepted only in a demo database), so each is a real, audited `ledger.topup` that
/// delivers some of its `awaiting_funds` orders, oldest first. Small on purpose: the live traffic keeps
/// it short, so the Orders pane always has a few orders waiting for funds.
final class LiveTopUps: @unchecked Sendable {
    private let store: any KamengEngine
    private let owner: Staff
    private let interval: TimeInterval
    private let amount: Money
    private var task: Task<Void, Never>?

    init(store: any KamengEngine, owner: Staff, interval: TimeInterval = 150, amount: Money = Money(fen: 20_000)) {
        self.store = store
        self.owner = owner
        self.interval = interval
        self.amount = amount
    }

    func start() {
        let store = self.store, owner = self.owner, interval = self.interval, amount = self.amount
        task = Task(executorPreference: OwnThreadExecutor(name: "kameng demo top-ups")) {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(interval))
                guard !Task.isCancelled else { return }
                _ = try? await Self.topUpOnce(store: store, owner: owner, amount: amount, now: Date())
            }
        }
    }

    func stop() { task?.cancel() }

    /// One top-up of the short substation when it has orders waiting for funds; nil when none wait.
    /// A failure (the owner used this 30-second code themself, say) waits for the next round.
    static func topUpOnce(store: any KamengEngine, owner: Staff, amount: Money, now: Date) async throws(StoreError) -> FundsChange? {
        let code = SQLiteStore.demoShortStation
        guard let balance = try await store.balances(substation: code).first, balance.awaitingFunds > 0 else { return nil }
        let reference = "DEMO-LIVE-\(Int64(now.timeIntervalSince1970))"
        let stepUp = TOTP.code(secret: Base32.decode(SQLiteStore.demoTOTPSecretBase32)!, at: now)
        return try await store.topUp(substation: code, amount: amount, reference: reference, by: owner, stepUp: stepUp)
    }
}
