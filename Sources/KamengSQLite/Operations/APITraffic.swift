import Foundation
import GRDB
import KamengDomain
import KamengStorage

/// The API server's traffic, counted in memory and flushed here per substation and minute, so the
/// console (another process) can show it beside the outbox backlog.
extension SQLiteStore {
    /// How long the per-minute counters are kept.
    static let apiTrafficKept: TimeInterval = 7 * 86_400

    /// Adds the counts to their substations' counters for the minute of `now` (unknown codes, such as a
    /// forged header's, are dropped), and drops those substations' counters older than a week.
    func recordAPITraffic(_ counts: [APITrafficCount], at now: Date) throws {
        guard !counts.isEmpty else { return }
        try requireWritable("record API traffic")
        let minute = StoreTime.string(Date(timeIntervalSince1970: (now.timeIntervalSince1970 / 60).rounded(.down) * 60))
        let expired = StoreTime.string(now.addingTimeInterval(-Self.apiTrafficKept))
        try dbWrite { db in
            for count in counts where count.requests > 0 || count.rejects > 0 {
                guard let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM substations WHERE code = ?"), arguments: [count.substation]) else {
                    continue
                }
                try db.cachedStatement(sql: """
                    INSERT INTO api_traffic (substation_id, minute, requests, rejects) VALUES (?, ?, ?, ?)
                    ON CONFLICT (substation_id, minute) DO UPDATE SET requests = requests + excluded.requests, rejects = rejects + excluded.rejects
                    """).execute(arguments: [id, minute, max(0, count.requests), max(0, count.rejects)])
                try db.cachedStatement(sql: "DELETE FROM api_traffic WHERE substation_id = ? AND minute < ?").execute(arguments: [id, expired])
            }
        }
    }

    /// Each substation's undelivered notices, off `outbox_undelivered`.
    static let outboxBacklogSQL = """
        SELECT s.code, count(*) AS backlog, min(x.created_at) AS oldest, sum(x.attempts > 0) AS failing
        FROM outbox x JOIN substations s ON s.id = x.substation_id
        WHERE x.delivered_at IS NULL GROUP BY x.substation_id
        """

    /// Per substation code: requests and rejects in the minutes from the one holding `since`, and the
    /// outbox backlog now. Substations with neither are left out.
    func apiTraffic(since: Date) throws -> [String: APITrafficTally] {
        let from = StoreTime.string(Date(timeIntervalSince1970: (since.timeIntervalSince1970 / 60).rounded(.down) * 60))
        return try pool.read { db in
            var tallies: [String: APITrafficTally] = [:]
            // Substations first, each a range of the counters' primary key.
            for row in try Row.fetchAll(db, sql: """
                SELECT s.code, sum(t.requests) AS requests, sum(t.rejects) AS rejects
                FROM substations s CROSS JOIN api_traffic t ON t.substation_id = s.id AND t.minute >= ?
                GROUP BY s.id
                """, arguments: [from]) {
                tallies[row["code"], default: APITrafficTally()].requests = row["requests"]
                tallies[row["code"], default: APITrafficTally()].rejects = row["rejects"]
            }
            for row in try Row.fetchAll(db, sql: Self.outboxBacklogSQL) {
                var tally = tallies[row["code"]] ?? APITrafficTally()
                tally.backlog = row["backlog"]
                tally.oldestBacklogAt = row["oldest"]
                tally.failing = row["failing"]
                tallies[row["code"]] = tally
            }
            return tallies
        }
    }
}
