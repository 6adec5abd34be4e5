import Foundation
import GRDB
import KamengDomain
import KamengStorage

/// What the HTTP API reads of the store: a substation's credentials, its orders' states with their keys
/// opened, and the audited fetch of one order. The API acts for the service owner; the rows it writes
/// name `api:CODE`.
extension SQLiteStore {
    /// The vault contexts of a substation's secrets and notify URL: each bound to the code, and to its
    /// column, so a sealed value copied into another column or row does not open.
    static func secretContext(_ code: String) -> Data { Data("kameng.substation.v1|\(code)".utf8) }
    static func previousSecretContext(_ code: String) -> Data { Data("kameng.substation.previous.v1|\(code)".utf8) }
    static func notifyURLContext(_ code: String) -> Data { Data("kameng.substation.notify-url.v1|\(code)".utf8) }

    func apiCredentials(code: String) throws -> SubstationCredentials? {
        try pool.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT id, code, status, api_secret_sealed, api_secret_previous_sealed, api_secret_previous_until, notify_url_sealed
                FROM substations WHERE code = ?
                """, arguments: [code]) else { return nil }
            return try credentials(from: row)
        }
    }

    /// A substations row (the columns `apiCredentials` selects) with its secrets and URL opened.
    func credentials(from row: Row) throws -> SubstationCredentials {
        let code: String = row["code"]
        let secret = try openText(row["api_secret_sealed"], context: Self.secretContext(code), what: "substation \(code)'s secret")
        var previous: String?
        if let sealed = row["api_secret_previous_sealed"] as Data? {
            previous = try openText(sealed, context: Self.previousSecretContext(code), what: "substation \(code)'s previous secret")
        }
        var url: String?
        if let sealed = row["notify_url_sealed"] as Data? {
            url = try openText(sealed, context: Self.notifyURLContext(code), what: "substation \(code)'s notify URL")
        }
        return SubstationCredentials(id: row["id"], code: code, status: try row.decode("status", table: "substations"), secret: secret,
                                     previousSecret: previous, previousUntil: row["api_secret_previous_until"] as Date?,
                                     notifyURL: url)
    }

    func openText(_ sealed: Data, context: Data, what: String) throws -> String {
        guard let text = String(data: try vault.open(sealed, context: context), encoding: .utf8) else { throw StoreError.tampered("\(what) is not text") }
        return text
    }

    /// The orders of one substation by number (unknown numbers left out), each delivered one with its
    /// keys opened in delivery order. Read in one transaction, so a status and its keys agree.
    func apiOrderStates(substation code: String, orderNos: [String]) throws -> [String: APIOrderState] {
        guard !orderNos.isEmpty else { return [:] }
        return try pool.read { db in
            guard let stationId = try Int64.fetchOne(db, sql: "SELECT id FROM substations WHERE code = ?", arguments: [code]) else { return [:] }
            var states: [String: APIOrderState] = [:]
            let unique = Array(Set(orderNos))
            for start in stride(from: 0, to: unique.count, by: 500) {
                let chunk = Array(unique[start..<min(start + 500, unique.count)])
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ", ")
                var arguments: [any DatabaseValueConvertible] = [stationId]
                arguments += chunk as [any DatabaseValueConvertible]
                let rows = try Row.fetchAll(db, sql: "SELECT id, order_no, status FROM orders WHERE substation_id = ? AND order_no IN (\(marks))",
                                            arguments: StatementArguments(arguments))
                for row in rows {
                    let id: Int64 = row["id"], orderNo: String = row["order_no"]
                    let status: OrderStatus = try RowDecoding.value(row["status"], table: "orders", id: id, column: "status")
                    states[orderNo] = APIOrderState(orderNo: orderNo, status: status, keys: status == .delivered ? try deliveredKeys(db, orderId: id) : nil)
                }
            }
            return states
        }
    }

    /// A delivered order's keys in the clear, in delivery order (the key take binds the lowest ids first).
    func deliveredKeys(_ db: Database, orderId: Int64) throws -> [DeliveredKeyText] {
        let ids = try Int64.fetchAll(db, sql: """
            SELECT id FROM card_keys WHERE order_id = ?
            UNION ALL SELECT card_key_id FROM reusable_deliveries WHERE order_id = ? ORDER BY 1
            """, arguments: [orderId, orderId])
        return try ids.map { id in
            let (number, secret) = try openSecret(db, keyId: id)
            return DeliveredKeyText(number: number, secret: secret)
        }
    }

    /// One order fetched by its own shop. A fetch that returns keys is audited (`api.order-keys` by
    /// `api:CODE`, the key ids, never a key) and counted: past `limit` in the hour before `now` it is
    /// refused before anything is opened or written. The count reads the audit log by target.
    func apiFetchOrder(substation code: String, orderNo: String, limit: Int, now: Date = Date()) throws -> APIOrderState? {
        let actor = "api:\(code)", target = "order:\(orderNo)"
        guard let found = try pool.read({ db in
            try Row.fetchOne(db, sql: """
                SELECT o.id, o.status FROM orders o JOIN substations s ON s.id = o.substation_id WHERE s.code = ? AND o.order_no = ?
                """, arguments: [code, orderNo])
        }) else { return nil }
        let id: Int64 = found["id"]
        let status: OrderStatus = try RowDecoding.value(found["status"], table: "orders", id: id, column: "status")
        guard status == .delivered else { return APIOrderState(orderNo: orderNo, status: status, keys: nil) }
        try requireWritable("fetch an order's keys")
        return try dbWrite { db in
            let used = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM audit_log WHERE target = ? AND action = 'api.order-keys' AND actor = ? AND at > ?
                """, arguments: [target, actor, StoreTime.string(now.addingTimeInterval(-3600))]) ?? 0
            guard used < limit else { throw StoreError.tooManyFetches(orderNo: orderNo, limit: limit) }
            // Read again under the write lock: a refund in between must not hand out keys.
            let current = try String.fetchOne(db, sql: "SELECT status FROM orders WHERE id = ?", arguments: [id])
            guard current == OrderStatus.delivered.rawValue else {
                let status: OrderStatus = try RowDecoding.value(current ?? "", table: "orders", id: id, column: "status")
                return APIOrderState(orderNo: orderNo, status: status, keys: nil)
            }
            let keys = try deliveredKeys(db, orderId: id)
            try appendAudit(db, actor: actor, action: "api.order-keys", target: target, detail: "\(keys.count) key(s) sealed to the shop", at: now)
            return APIOrderState(orderNo: orderNo, status: .delivered, keys: keys)
        }
    }

    /// Every substation's secret, for the demo's simulated shops: only in a database `kameng demo` built
    /// (its marker), and audited (the secrets never are).
    func demoSubstationSecrets(by actor: Staff, now: Date = Date()) throws -> [String: String] {
        try require(actor, .seedDemo)
        return try dbWrite { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM demo_marker WHERE id = 1") ?? false else { throw StoreError.notADemo }
            var secrets: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT code, api_secret_sealed FROM substations ORDER BY code") {
                let code: String = row["code"]
                secrets[code] = try openText(row["api_secret_sealed"], context: Self.secretContext(code), what: "substation \(code)'s secret")
            }
            try appendAudit(db, actor: actor.userName, action: "substation.secret.demo", target: "substations:\(secrets.count)",
                            detail: "API secrets handed to the demo's simulated shops", at: now)
            return secrets
        }
    }
}
