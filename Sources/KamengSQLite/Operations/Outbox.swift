import Foundation
import GRDB
import KamengDomain
import KamengStorage

/// The outbox: notices to a substation's shop that one of its orders was delivered, refunded or
/// rejected. A notice is written in the transaction that changes the order (so none is lost and none
/// is invented), only for a substation with a notify URL, and the API's sender POSTs it until the
/// shop answers 2xx or it gives up.
extension SQLiteStore {
    /// Inside the caller's transaction: a notice for the order, when its substation has a notify URL.
    /// One statement, and nothing written for a substation without one.
    func enqueueNotice(_ db: Database, orderId: Int64, type: NoticeType, time: String) throws {
        try db.cachedStatement(sql: """
            INSERT INTO outbox (substation_id, order_id, type, created_at, next_attempt_at)
            SELECT o.substation_id, o.id, ?, ?, ? FROM orders o JOIN substations s ON s.id = o.substation_id
            WHERE o.id = ? AND s.notify_url_sealed IS NOT NULL
            """).execute(arguments: [type.rawValue, time, time, orderId])
    }

    /// Notices due at `now`, oldest due first, at most `perSubstation` of one substation and `limit` in
    /// all, each with its substation's URL and current secret opened and its order's status now (and
    /// keys, when delivered). A substation whose URL was cleared keeps its notices, unsent.
    func dueNotices(now: Date, perSubstation: Int, limit: Int) throws -> [NoticeToSend] {
        guard perSubstation > 0, limit > 0 else { return [] }
        return try pool.read { db in
            let rows = try Row.fetchAll(db, sql: Self.dueNoticesSQL, arguments: [StoreTime.string(now), perSubstation, limit])
            var stations: [String: SubstationCredentials] = [:]
            return try rows.compactMap { row in
                let code: String = row["substation_code"]
                if stations[code] == nil, let found = try Row.fetchOne(db, sql: """
                    SELECT id, code, status, api_secret_sealed, api_secret_previous_sealed, api_secret_previous_until, notify_url_sealed
                    FROM substations WHERE code = ?
                    """, arguments: [code]) {
                    stations[code] = try credentials(from: found)
                }
                guard let station = stations[code], let url = station.notifyURL else { return nil }
                let notice = try Self.notice(row)
                let orderId: Int64 = row["order_id"]
                let status: OrderStatus = try RowDecoding.value(row["order_status"], table: "orders", id: orderId, column: "status")
                return NoticeToSend(notice: notice, url: url, secret: station.secret, status: status,
                                    keys: status == .delivered ? try deliveredKeys(db, orderId: orderId) : nil)
            }
        }
    }

    /// Due notices off `outbox_due` (its condition spelled as the index's), at most `n` per substation.
    static let dueNoticesSQL = """
        SELECT * FROM (
            SELECT x.*, s.code AS substation_code, o.order_no, o.status AS order_status,
                   row_number() OVER (PARTITION BY x.substation_id ORDER BY x.next_attempt_at, x.id) AS n
            FROM outbox x JOIN substations s ON s.id = x.substation_id JOIN orders o ON o.id = x.order_id
            WHERE x.delivered_at IS NULL AND x.gave_up = 0 AND x.next_attempt_at <= ? AND s.notify_url_sealed IS NOT NULL
        ) WHERE n <= ? ORDER BY next_attempt_at, id LIMIT ?
        """

    /// The shop answered 2xx. A notice already delivered, or gone, is left as it is.
    func noticeDelivered(id: Int64, at now: Date) throws {
        try requireWritable("record a notice's delivery")
        try dbWrite { db in
            try db.execute(sql: """
                UPDATE outbox SET delivered_at = ?, next_attempt_at = NULL, attempts = attempts + 1, gave_up = 0
                WHERE id = ? AND delivered_at IS NULL
                """, arguments: [StoreTime.string(now), id])
        }
    }

    /// A failed attempt: tried again at `nextAttemptAt`, or given up when that is nil. The error is kept
    /// short and printable (it is shown in `kameng outbox list`).
    func noticeFailed(id: Int64, error: String, nextAttemptAt: Date?, at now: Date) throws {
        try requireWritable("record a notice's failure")
        let text = IntakeProblem.clip(TerminalSafe.visible(error), limit: 200)
        try dbWrite { db in
            try db.execute(sql: """
                UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, gave_up = ?
                WHERE id = ? AND delivered_at IS NULL
                """, arguments: [text, nextAttemptAt.map(StoreTime.string), nextAttemptAt == nil, id])
        }
    }

    /// Notices not yet delivered (with `includeDelivered`, all), newest first; one substation's when given.
    func outbox(substation code: String?, includeDelivered: Bool, limit: Int) throws -> [OutboxNotice] {
        try pool.read { db in
            var stationId: Int64?
            if let code {
                guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM substations WHERE code = ?", arguments: [code]) else {
                    throw StoreError.notFound(.substation(code: code))
                }
                stationId = id
            }
            // Spelled out, not `? IS NULL OR …`: only a literal condition lets SQLite use the partial index.
            var conditions: [String] = []
            var arguments: [any DatabaseValueConvertible] = []
            if let stationId {
                conditions.append("x.substation_id = ?")
                arguments.append(stationId)
            }
            if !includeDelivered { conditions.append("x.delivered_at IS NULL") }
            arguments.append(max(0, limit))
            let rows = try Row.fetchAll(db, sql: """
                SELECT x.*, s.code AS substation_code, o.order_no
                FROM outbox x JOIN substations s ON s.id = x.substation_id JOIN orders o ON o.id = x.order_id
                \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
                ORDER BY x.id DESC LIMIT ?
                """, arguments: StatementArguments(arguments))
            return try rows.map(Self.notice)
        }
    }

    /// Makes undelivered notices due now, given up or not: one by id, or every one of a substation.
    /// Operator or admin; audited as `outbox.retry`. Returns how many.
    func retryNotices(id: Int64?, substation code: String?, by actor: Staff, now: Date = Date()) throws -> Int {
        try require(actor, .manageSubstations)
        guard (id == nil) != (code == nil) else {
            throw StoreError.invalidField(field: "notice", rule: "give a notice id or a substation, not both")
        }
        return try dbWrite { db in
            let time = StoreTime.string(now)
            let target: String
            if let id {
                try db.execute(sql: "UPDATE outbox SET next_attempt_at = ?, gave_up = 0 WHERE id = ? AND delivered_at IS NULL", arguments: [time, id])
                target = "outbox:\(id)"
            } else if let code {
                guard let stationId = try Int64.fetchOne(db, sql: "SELECT id FROM substations WHERE code = ?", arguments: [code]) else {
                    throw StoreError.notFound(.substation(code: code))
                }
                try db.execute(sql: "UPDATE outbox SET next_attempt_at = ?, gave_up = 0 WHERE substation_id = ? AND delivered_at IS NULL",
                               arguments: [time, stationId])
                target = "substation:\(code)"
            } else {
                return 0
            }
            let count = db.changesCount
            try appendAudit(db, actor: actor.userName, action: "outbox.retry", target: target, detail: "\(count) notice(s) made due now", time: time)
            return count
        }
    }

    static func notice(_ row: Row) throws -> OutboxNotice {
        let id: Int64 = row["id"]
        return OutboxNotice(id: id, substation: row["substation_code"], orderNo: row["order_no"],
                            type: try RowDecoding.value(row["type"], table: "outbox", id: id, column: "type"),
                            createdAt: row["created_at"], attempts: row["attempts"], nextAttemptAt: row["next_attempt_at"],
                            lastError: row["last_error"], deliveredAt: row["delivered_at"], gaveUp: row["gave_up"])
    }
}
