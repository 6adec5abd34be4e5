import Foundation
import KamengVault

/// Step-up codes for a run of commands: each for a later 30-second step than the last (the store
/// refuses a replay), the current step or the next, which the store's ±1 window still accepts after
/// a boundary passes; waits for the clock when both were used, so no test depends on where in a step
/// it started.
final class FreshCodes {
    private let secret: Data
    private var lastStep: Int64 = 0

    struct ClockStuck: Error {}

    init(secret: Data) { self.secret = secret }

    func next() throws -> String {
        let deadline = Date().addingTimeInterval(75)
        while true {
            let now = TOTP.step(at: Date())
            // Never the previous step: a boundary passing before the store checks it (a busy machine
            // starting the process) would put it outside the ±1 window.
            let step = max(lastStep + 1, now)
            if step <= now + 1 {
                lastStep = step
                return HOTP.code(secret: secret, counter: UInt64(step))
            }
            guard Date() < deadline else { throw ClockStuck() }
            usleep(200_000)
        }
    }
}
