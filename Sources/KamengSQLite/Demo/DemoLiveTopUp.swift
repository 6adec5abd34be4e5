import Foundation
import KamengDomain
import KamengStorage
import KamengVault

extension SQLiteStore {
    /// One live top-up of the demo's short substation (`demoShortStation`), through the engine as any
    /// person's would go: `owner` with a code from the published demo authenticator, which only a demo
    /// database accepts, so it is checked, audited (`ledger.topup`) and delivers the oldest waiting
    /// orders it covers. `kameng demo` calls it now and then while the console is open.
    public static func demoLiveTopUp(on engine: any KamengEngine, owner: Staff, amount: Money = Money(fen: 20_000),
                                     now: Date = Date()) async throws(StoreError) -> FundsChange {
        let code = TOTP.code(secret: Base32.decode(demoTOTPSecretBase32)!, at: now)
        return try await engine.topUp(substation: demoShortStation, amount: amount, reference: "DEMO-LIVE-\(Int64(now.timeIntervalSince1970))",
                                      by: owner, stepUp: code)
    }
}
