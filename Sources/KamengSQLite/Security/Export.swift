import Foundation
import GRDB
import KamengDomain
import KamengStorage
import KamengVault

extension SQLiteStore {
    /// Opens the selected keys for an export, with a reason and a fresh TOTP code, in one audited act
    /// (one row naming the selection, the count and the reason; never a secret).
    func exportKeys(_ selection: KeyExportSelection, reason: String, by actor: Staff, stepUp code: String?,
                           now: Date = Date()) throws -> [ExportedKey] {
        try require(actor, .exportKeys)
        let why = try Self.checkedReason(reason)
        let (sql, argument, target) = try selectionQuery(selection)
        let count = try pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM (\(sql))", arguments: [argument]) } ?? 0
        guard count > 0 else { throw StoreError.notFound(.keysToExport(target)) }
        try stepUp(actor, code: code, for: .exportKeys, now: now)
        return try dbWrite { db in
            let keys = try Row.fetchAll(db, sql: sql, arguments: [argument]).map { row in
                let (number, secret) = try openCardKey(row)
                return ExportedKey(keyId: row["id"], batchId: row["batch_id"], productSKU: row["sku"], orderNo: row["order_no"],
                                   status: try row.decode("status", table: "card_keys"), number: number, secret: secret,
                                   expiresAt: row["expires_at"])
            }
            try appendAudit(db, actor: actor.userName, action: "keys.export", target: target,
                            detail: "\(keys.count) key(s); reason: \(why)", at: now)
            return keys
        }
    }

    private func selectionQuery(_ selection: KeyExportSelection) throws -> (String, Int64, String) {
        let columns = "k.id, k.product_id, k.batch_id, p.sku, k.status, k.digest, k.sealed, k.seal_version, k.expires_at"
        switch selection {
        case let .order(id):
            let order = try self.order(id: id)
            return ("""
                SELECT \(columns), o.order_no FROM card_keys k JOIN products p ON p.id = k.product_id JOIN orders o ON o.id = k.order_id
                WHERE k.order_id = ?1
                UNION ALL
                SELECT \(columns), o.order_no FROM reusable_deliveries r JOIN card_keys k ON k.id = r.card_key_id
                JOIN products p ON p.id = k.product_id JOIN orders o ON o.id = r.order_id WHERE r.order_id = ?1
                ORDER BY 1
                """, id, "order:\(order.orderNo)")
        case let .batch(id):
            return ("""
                SELECT \(columns), NULL AS order_no FROM card_keys k JOIN products p ON p.id = k.product_id
                WHERE k.batch_id = ? AND (k.status = 'available' OR k.status = 'void') ORDER BY k.id
                """, id, "batch:\(id)")
        }
    }
}
