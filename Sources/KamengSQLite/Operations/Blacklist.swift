import Foundation
import GRDB
import KamengDomain
import KamengStorage

extension SQLiteStore {
    /// Blacklists an IP, buyer or device (anyone who may review held orders), audited. Adding an entry
    /// that exists changes nothing and returns false.
    @discardableResult
    @_spi(Benchmark) public func addToBlacklist(_ kind: BlacklistKind, value: String, reason: String, by actor: Staff, now: Date = Date()) throws -> Bool {
        try require(actor, .reviewRisk)
        guard (1...128).contains(value.utf8.count) else { throw StoreError.invalidField(field: "blacklist value", rule: "1–128 bytes") }
        return try dbWrite { db in try insertBlacklist(db, kind, value: value, reason: reason, by: actor, now: now) }
    }

    /// The entry and its audit row, inside the caller's transaction; false when it was there already.
    func insertBlacklist(_ db: Database, _ kind: BlacklistKind, value: String, reason: String, by actor: Staff, now: Date) throws -> Bool {
        try db.execute(sql: """
            INSERT INTO blacklist (kind, value, reason, added_by, added_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (kind, value) DO NOTHING
            """, arguments: [kind.rawValue, value, reason, actor.userName, StoreTime.string(now)])
        guard db.changesCount == 1 else { return false }
        try appendAudit(db, actor: actor.userName, action: "blacklist.add", target: "blacklist:\(kind.rawValue)",
                        detail: "\(TerminalSafe.visible(value)): \(TerminalSafe.visible(reason))", at: now)
        return true
    }

    func blacklist() throws -> [BlacklistEntry] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT id, kind, value, reason, added_by, added_at FROM blacklist ORDER BY kind, value").map { row in
                BlacklistEntry(kind: try row.decode("kind", table: "blacklist"), value: row["value"], reason: row["reason"], addedBy: row["added_by"], addedAt: row["added_at"])
            }
        }
    }
}
