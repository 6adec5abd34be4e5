import Foundation
import GRDB
import KamengDomain
import KamengStorage

extension SQLiteStore {
    /// Writes the planned money in the seeding transaction, in batches of prepared statements: every
    /// entry with its postings (ids rising with time), the daily figures the reports read, and each
    /// account's running balance once at the end. Every demo substation must pay first; the top-level
    /// agents have a credit limit. The ledger starts before the demo's first order, so `ledger verify`
    /// expects a charge for every demo delivery, and paid orders record what was paid.
    func writeDemoMoney(_ db: Database, plan: [DemoMoneyEntry], orders: [DemoOrder], orderIds: [Int64],
                        stationIds: [String: Int64], anchor: Date, actor: Staff) throws {
        let stations = DemoCatalogue.substations
        try db.execute(sql: "UPDATE substations SET funds_required = 1")
        try db.execute(sql: "UPDATE substations SET credit_limit_fen = 500000 WHERE parent_id IS NULL")
        try db.execute(sql: "UPDATE ledger_meta SET started_at = ?", arguments: [StoreTime.string(anchor.addingTimeInterval(-40 * 86_400))])
        try db.execute(sql: "UPDATE orders SET paid_fen = amount_fen WHERE paid_at IS NOT NULL AND paid_fen IS NULL")
        try db.execute(sql: """
            INSERT OR IGNORE INTO ledger_accounts (kind, substation_id)
            SELECT k.kind, s.id FROM substations s, (SELECT 'prepaid' AS kind UNION ALL SELECT 'commission_payable') k ORDER BY s.id, k.kind
            """)
        var accounts: [String: Int64] = [:]   // "kind/code" or "kind/-"
        for row in try Row.fetchAll(db, sql: """
            SELECT a.id, a.kind, s.code FROM ledger_accounts a LEFT JOIN substations s ON s.id = a.substation_id
            """) {
            accounts["\(row["kind"] as String)/\((row["code"] as String?) ?? "-")"] = row["id"]
        }
        func account(_ posting: LedgerPosting) throws -> Int64 {
            guard let id = accounts["\(posting.account.rawValue)/\(posting.substationCode ?? "-")"] else {
                throw StoreError.notFound(.substation(code: posting.substationCode ?? posting.account.rawValue))
            }
            return id
        }
        let insertEntry = try db.makeStatement(sql: """
            INSERT INTO ledger_entries (at, kind, substation_id, order_id, reference, actor) VALUES (?, ?, ?, ?, ?, ?)
            """)
        let insertPosting = try db.makeStatement(sql: "INSERT INTO ledger_postings (account_id, entry_id, amount_fen) VALUES (?, ?, ?)")
        var daily: [DailyKey: DailyFigures] = [:]
        for entry in plan {
            let station = stations[entry.stationIndex]
            let stationId = stationIds[station.code]!
            let postings: [LedgerPosting]
            var orderId: Int64?, reference: String?
            let kind: LedgerEntryKind
            switch entry.kind {
            case .topUp(let ref, let amount):
                kind = .topUp
                reference = ref
                postings = [LedgerPosting(account: .prepaid, substationCode: station.code, amount: amount),
                            LedgerPosting(account: .topUpsReceived, amount: Money(fen: -amount.fen))]
            case .charge(let index, let charge):
                kind = .charge
                orderId = orderIds[index]
                postings = charge.chargePostings(substation: station.code, parent: station.parentCode)
                daily[DailyKey(entry.at, stationId, orders[index].order), default: DailyFigures()]
                    .add(charge, units: orders[index].order.quantity, refund: false)
            case .refund(let index, let charge):
                kind = .refund
                orderId = orderIds[index]
                postings = charge.refundPostings(substation: station.code, parent: station.parentCode)
                daily[DailyKey(entry.at, stationId, orders[index].order), default: DailyFigures()]
                    .add(charge, units: orders[index].order.quantity, refund: true)
            }
            try insertEntry.execute(arguments: [StoreTime.string(entry.at), kind.rawValue, stationId, orderId, reference, actor.userName])
            let entryId = db.lastInsertedRowID
            for posting in postings { try insertPosting.execute(arguments: [try account(posting), entryId, posting.amount.fen]) }
        }
        let insertDaily = try db.makeStatement(sql: """
            INSERT INTO ledger_daily (day, substation_id, product_id, orders, units, gross_fen, charge_fen, override_fen, cost_fen,
                                      refunds, refund_charge_fen, refund_override_fen)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (key, f) in daily.sorted(by: { ($0.key.day, $0.key.stationId, $0.key.productId) < ($1.key.day, $1.key.stationId, $1.key.productId) }) {
            try insertDaily.execute(arguments: [key.day, key.stationId, key.productId, f.orders, f.units, f.gross, f.charge, f.override,
                                                f.cost, f.refunds, f.refundCharge, f.refundOverride])
        }
        try db.execute(sql: """
            UPDATE ledger_accounts SET balance_fen = r.total
            FROM (SELECT account_id, sum(amount_fen) AS total FROM ledger_postings GROUP BY account_id) AS r
            WHERE r.account_id = ledger_accounts.id
            """)
    }
}

/// A row of `ledger_daily`: one UTC+8 day, substation and product.
private struct DailyKey: Hashable {
    var day: String
    var stationId: Int64
    var productId: Int64

    init(_ at: Date, _ stationId: Int64, _ order: Order) {
        day = BusinessDay(containing: at).description
        self.stationId = stationId
        productId = order.productId
    }
}

/// What the charges and refunds of one `DailyKey` moved (ledger conventions, Docs/Money.md).
private struct DailyFigures {
    var orders = 0, units = 0, refunds = 0
    var gross: Int64 = 0, charge: Int64 = 0, override: Int64 = 0, cost: Int64 = 0, refundCharge: Int64 = 0, refundOverride: Int64 = 0

    mutating func add(_ c: OrderCharge, units q: Int, refund: Bool) {
        if refund {
            refunds += 1
            refundCharge += c.charge.fen
            refundOverride += c.override.fen
        } else {
            orders += 1
            units += q
            gross += c.gross.fen
            charge += c.charge.fen
            override += c.override.fen
            cost += c.cost.fen
        }
    }
}
