import Foundation
import GRDB
import KamengDomain
import KamengStorage
import KamengVault

extension SQLiteStore {
    /// Opens the keys delivered to an order for a person who gives a reason and a fresh TOTP code.
    /// Writes one audit row (who, which order, which key ids, why: never the secret), and refuses
    /// past the per-person hourly limit, so a stolen session cannot drain the stock quietly.
    func revealKeys(orderId: Int64, reason: String, by actor: Staff, stepUp code: String?, now: Date = Date()) throws -> [RevealedKey] {
        try require(actor, .revealKeys)
        let why = try Self.checkedReason(reason)
        let order = try self.order(id: orderId)
        let keyIds = try deliveredKeyIds(orderId: orderId)
        guard !keyIds.isEmpty else { throw StoreError.notFound(.deliveredKeys(orderNo: order.orderNo)) }
        try pool.read { db in try checkRevealLimit(db, actor: actor, now: now) }
        try stepUp(actor, code: code, for: .revealKeys, now: now)
        return try dbWrite { db in
            try checkRevealLimit(db, actor: actor, now: now)
            let keys = try keyIds.map { id in
                let (number, secret) = try openSecret(db, keyId: id)
                return RevealedKey(keyId: id, number: number, secret: secret)
            }
            try appendAudit(db, actor: actor.userName, action: "key.reveal", target: "order:\(order.orderNo)",
                            detail: "keys \(keyIds.map { "#\($0)" }.joined(separator: " ")); reason: \(why)", at: now)
            return keys
        }
    }

    /// How many reveals `actor` has left in the current hour.
    func revealsLeft(for actor: Staff, now: Date = Date()) throws -> Int {
        try pool.read { db in
            let limit = try securitySettings(db).revealsPerHour
            return max(0, limit - (try revealsInLastHour(db, actor: actor, now: now)))
        }
    }

    private func checkRevealLimit(_ db: Database, actor: Staff, now: Date) throws {
        let limit = try securitySettings(db).revealsPerHour
        let used = try revealsInLastHour(db, actor: actor, now: now)
        guard used < limit else {
            throw StoreError.revealLimit(user: actor.userName, used: used, limit: limit)
        }
    }

    private func revealsInLastHour(_ db: Database, actor: Staff, now: Date) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_log WHERE actor = ? AND action = 'key.reveal' AND at > ?",
                         arguments: [actor.userName, StoreTime.string(now.addingTimeInterval(-3600))]) ?? 0
    }

    /// A reason a person can be held to: required, one line, not a novel.
    static func checkedReason(_ reason: String) throws -> String {
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count >= 3 else { throw StoreError.invalidField(field: "reason", rule: "required (say why, e.g. the ticket number)") }
        guard trimmed.count <= 200 else { throw StoreError.invalidField(field: "reason", rule: "at most 200 characters") }
        guard !trimmed.unicodeScalars.contains(where: TerminalSafe.needsEscaping) else {
            throw StoreError.invalidField(field: "reason", rule: "control characters are not allowed")
        }
        return trimmed
    }

    /// Opens one key inside a transaction (reveal, export).
    func openSecret(_ db: Database, keyId: Int64) throws -> (number: String?, secret: String) {
        guard let row = try Row.fetchOne(db, sql: "SELECT \(Self.sealedKeyColumns) FROM card_keys WHERE id = ?", arguments: [keyId]) else {
            throw StoreError.notFound(.cardKey(id: keyId))
        }
        return try openCardKey(row)
    }
}
