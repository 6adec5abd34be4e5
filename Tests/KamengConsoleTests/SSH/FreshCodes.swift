import Foundation
import KamengVault

/// Step-up codes for a run of commands: each for a later 30-second step than the last (the store
/// refuses a replay), within the ±1 step it accepts; waits for the clock when three were used in
/// one step, so no test depends on where in a step it started.
final class FreshCodes {
    private let secret: Data
    private var lastStep: Int64 = 0

    struct ClockStuck: Error {}

    init(secret: Data) { self.secret = secret }

    func next() throws -> String {
        let deadline = Date().addingTimeInterval(75)
        while true {
            let now = TOTP.step(at: Date())
            let step = max(lastStep + 1, now - 1)
            if step <= now + 1 {
                lastStep = step
                return HOTP.code(secret: secret, counter: UInt64(step))
            }
            guard Date() < deadline else { throw ClockStuck() }
            usleep(200_000)
        }
    }
}
