import Foundation
import GRDB
import KamengDomain
import KamengStorage

extension SQLiteStore {
    /// Payments, deliveries and charges of the orders created on `days`, compared as of `now`. Only the
    /// orders that look wrong are read back (the test is in SQL, over the created-time index); a second
    /// payment is found in the intake's refusals (`already_paid`), which name the order in their detail.
    func reconcile(days: BusinessDays, staleAfter: TimeInterval, now: Date) throws -> ReconciliationReport {
        guard days.from <= days.to else { throw StoreError.invalidField(field: "to", rule: "on or after from (\(days.from))") }
        return try pool.read { db in
            let from = StoreTime.millis(days.start), to = StoreTime.millis(days.end)
            let orders = try Int.fetchOne(db, sql: "SELECT count(*) FROM orders WHERE created_ms >= ? AND created_ms < ?", arguments: [from, to]) ?? 0
            var anomalies: [ReconciliationAnomaly] = []
            let staleBefore = StoreTime.string(now.addingTimeInterval(-staleAfter))
            let rows = try Row.fetchAll(db, sql: """
                SELECT * FROM (
                    SELECT o.id, o.order_no, s.code, o.status, o.amount_fen, o.paid_fen, o.paid_at, o.delivered_at,
                           o.delivered_at >= (SELECT started_at FROM ledger_meta WHERE id = 1) AS after_start,
                           EXISTS (SELECT 1 FROM ledger_entries e WHERE e.order_id = o.id AND e.kind = 'charge') AS charged,
                           EXISTS (SELECT 1 FROM ledger_entries e WHERE e.order_id = o.id AND e.kind = 'refund') AS reversed
                    FROM orders o JOIN substations s ON s.id = o.substation_id
                    WHERE o.created_ms >= ?1 AND o.created_ms < ?2
                ) WHERE (paid_at IS NOT NULL AND paid_at < ?3 AND status IN ('paid', 'awaiting_stock', 'awaiting_funds', 'flagged'))
                     OR (status IN ('delivered', 'refunded') AND after_start AND NOT charged)
                     OR (charged AND (delivered_at IS NULL OR status NOT IN ('delivered', 'refunded') OR (status = 'refunded' AND NOT reversed)))
                     OR (paid_fen IS NOT NULL AND paid_fen <> amount_fen)
                ORDER BY id
                """, arguments: [from, to, staleBefore])
            for row in rows { anomalies += try Self.anomalies(of: row, staleBefore: staleBefore, staleAfter: staleAfter) }
            anomalies += try Self.doublePayments(db, since: StoreTime.string(days.start), from: from, to: to)
            anomalies.sort { ($0.orderId, $0.kind.rawValue) < ($1.orderId, $1.kind.rawValue) }
            return ReconciliationReport(days: days, orders: orders, anomalies: anomalies)
        }
    }

    private static func anomalies(of row: Row, staleBefore: String, staleAfter: TimeInterval) throws -> [ReconciliationAnomaly] {
        let status: OrderStatus = try row.decode("status", table: "orders")
        func anomaly(_ kind: AnomalyKind, _ detail: String) -> ReconciliationAnomaly {
            ReconciliationAnomaly(kind: kind, orderId: row["id"], orderNo: row["order_no"], substationCode: row["code"], status: status, detail: detail)
        }
        var out: [ReconciliationAnomaly] = []
        let paidAt: String? = row["paid_at"], deliveredAt: String? = row["delivered_at"]
        let charged: Bool = row["charged"], reversed: Bool = row["reversed"]
        if let paidAt, paidAt < staleBefore, [.paid, .awaitingStock, .awaitingFunds, .flagged].contains(status) {
            out.append(anomaly(.paidNotDelivered, "paid at \(paidAt) UTC, \(status.rawValue) for more than \(Int(staleAfter / 60)) min"))
        }
        if [.delivered, .refunded].contains(status), row["after_start"] as Bool? == true, !charged {
            out.append(anomaly(.deliveredWithoutCharge, "delivered at \(deliveredAt ?? "?") UTC, no charge entry"))
        }
        if charged {
            if deliveredAt == nil || ![.delivered, .refunded].contains(status) {
                out.append(anomaly(.chargeWithoutDelivery, "charged, but \(status.rawValue) and never delivered"))
            } else if status == .refunded, !reversed {
                out.append(anomaly(.chargeWithoutDelivery, "refunded, but its charge was never reversed"))
            }
        }
        if let paid = row["paid_fen"] as Int64?, paid != row["amount_fen"] as Int64 {
            out.append(anomaly(.amountMismatch, "paid \(Money(fen: paid)), order \(Money(fen: row["amount_fen"]))"))
        }
        return out
    }

    /// One anomaly per order of the period that a second, different payment was refused for.
    private static func doublePayments(_ db: Database, since: String, from: Int64, to: Int64) throws -> [ReconciliationAnomaly] {
        var seen: Set<Int64> = []
        var out: [ReconciliationAnomaly] = []
        let refusals = try Row.fetchAll(db, sql: """
            SELECT substation, detail, at FROM intake_rejections WHERE at >= ? AND reason = ? ORDER BY id
            """, arguments: [since, IntakeReason.alreadyPaid.rawValue])
        for refusal in refusals {
            guard let orderNo = orderNumber(inAlreadyPaid: refusal["detail"]),
                  let row = try Row.fetchOne(db, sql: """
                    SELECT o.id, o.order_no, s.code, o.status, o.payment_txn FROM orders o JOIN substations s ON s.id = o.substation_id
                    WHERE s.code = ? AND o.order_no = ? AND o.created_ms >= ? AND o.created_ms < ?
                    """, arguments: [refusal["substation"] as String, orderNo, from, to]),
                  seen.insert(row["id"]).inserted else { continue }
            out.append(ReconciliationAnomaly(kind: .doublePayment, orderId: row["id"], orderNo: row["order_no"], substationCode: row["code"],
                                             status: try row.decode("status", table: "orders"),
                                             detail: "a second payment was refused at \(refusal["at"] as String) UTC; paid by \(row["payment_txn"] as String? ?? "-")"))
        }
        return out
    }

    /// The order number in the intake's `already_paid` detail, "order N is already paid by another transaction".
    static func orderNumber(inAlreadyPaid detail: String) -> String? {
        guard detail.hasPrefix("order "), let end = detail.range(of: " is already paid") else { return nil }
        let number = detail[detail.index(detail.startIndex, offsetBy: 6)..<end.lowerBound]
        return number.isEmpty ? nil : String(number)
    }
}
