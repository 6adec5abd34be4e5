import Foundation
import GRDB
import KamengDomain
import KamengStorage
import Testing
@testable import KamengSQLite

/// Intake binds window bounds as `StoreTime.millis(date)` against `orders.created_ms`, which SQLite
/// computes from the stored text (`Schema.createdMillis`). The two must agree for every time, or an
/// order on a window's edge would be counted by one side and not the other.
@Suite("Stored times as milliseconds")
struct StoreTimeMillisTests {
    @Test("millis(date) equals SQL's created_ms of string(date), to the millisecond, over random times")
    func agreesWithSQL() throws {
        let queue = try DatabaseQueue()
        var rng = SeededRandom(seed: 20_261_207)
        var dates: [Date] = [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 1_795_421_730.2495),
                             Date(timeIntervalSince1970: 1_795_421_730.2505), Date(timeIntervalSince1970: 4_102_444_799.9996)]
        for _ in 0..<20_000 {
            // 1970…2100, with sub-millisecond fractions so that rounding is exercised.
            dates.append(Date(timeIntervalSince1970: Double(rng.below(4_102_444_800_000)) / 1000 + Double(rng.below(1000)) / 1_000_000))
        }
        try queue.read { db in
            let statement = try db.makeStatement(sql: "SELECT \(Schema.createdMillis("?"))")
            for date in dates {
                let text = StoreTime.string(date)
                let sql = try Int64.fetchOne(statement, arguments: [text])
                if sql != StoreTime.millis(date) {
                    Issue.record("\(text): SQL \(sql.map(String.init) ?? "NULL"), Swift \(StoreTime.millis(date))")
                    return
                }
            }
        }
    }
}
