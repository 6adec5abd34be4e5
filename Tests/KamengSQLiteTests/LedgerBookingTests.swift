import Foundation
import GRDB
import KamengDomain
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage

/// The facts the ledger must keep (issue 18), checked in SQL straight off the tables, so a test does
/// not lean on the store's own verification. Each problem names what is broken.
enum LedgerFacts {
    static func problems(_ store: SQLiteStore) throws -> [String] {
        try store.pool.read { db in
            var out: [String] = []
            func each(_ sql: String, _ say: (Row) -> String) throws { for row in try Row.fetchAll(db, sql: sql) { out.append(say(row)) } }
            try each("SELECT entry_id, sum(amount_fen) FROM ledger_postings GROUP BY entry_id HAVING sum(amount_fen) <> 0") {
                "entry \($0[0]) sums to \($0[1])"
            }
            try each("SELECT id FROM ledger_entries e WHERE NOT EXISTS (SELECT 1 FROM ledger_postings p WHERE p.entry_id = e.id)") { "entry \($0[0]) has no posting" }
            try each("""
                SELECT a.id, a.kind, a.balance_fen, coalesce((SELECT sum(amount_fen) FROM ledger_postings p WHERE p.account_id = a.id), 0) AS s
                FROM ledger_accounts a WHERE a.balance_fen <> s
                """) { "account \($0[0]) (\($0[1])) holds \($0[2]), its postings \($0[3])" }
            try each("""
                SELECT s.code, a.balance_fen, s.credit_limit_fen FROM substations s
                JOIN ledger_accounts a ON a.substation_id = s.id AND a.kind = 'prepaid'
                WHERE s.funds_required = 1 AND a.balance_fen < -s.credit_limit_fen
                """) { "\($0[0]) balance \($0[1]) below minus its credit limit \($0[2])" }
            try each("""
                SELECT o.order_no, (SELECT count(*) FROM ledger_entries e WHERE e.order_id = o.id AND e.kind = 'charge') AS n
                FROM orders o WHERE o.delivered_at IS NOT NULL AND n <> 1
                """) { "delivered order \($0[0]) charged \($0[1]) times" }
            try each("""
                SELECT o.order_no FROM ledger_entries e JOIN orders o ON o.id = e.order_id WHERE e.kind = 'charge' AND o.delivered_at IS NULL
                """) { "order \($0[0]) charged, never delivered" }
            try each("""
                SELECT o.order_no, (SELECT count(*) FROM ledger_entries e WHERE e.order_id = o.id AND e.kind = 'refund') AS n
                FROM orders o WHERE o.status = 'refunded' AND EXISTS (SELECT 1 FROM ledger_entries e WHERE e.order_id = o.id AND e.kind = 'charge')
                  AND n <> 1
                """) { "refunded charged order \($0[0]) reversed \($0[1]) times" }
            try each("""
                SELECT o.order_no FROM ledger_entries e JOIN orders o ON o.id = e.order_id WHERE e.kind = 'refund' AND o.status <> 'refunded'
                """) { "order \($0[0]) reversed, not refunded" }
            return out
        }
    }

    static func count(_ store: SQLiteStore, _ sql: String, _ arguments: StatementArguments = []) throws -> Int {
        try store.pool.read { db in try Int.fetchOne(db, sql: sql, arguments: arguments) ?? -1 }
    }

    /// One entry's postings as (account kind, substation code or "-", amount), in a fixed order.
    static func postings(_ store: SQLiteStore, orderNo: String, kind: LedgerEntryKind) throws -> [String] {
        try store.pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT a.kind, coalesce(s.code, '-'), p.amount_fen FROM ledger_entries e JOIN orders o ON o.id = e.order_id
                JOIN ledger_postings p ON p.entry_id = e.id JOIN ledger_accounts a ON a.id = p.account_id
                LEFT JOIN substations s ON s.id = a.substation_id
                WHERE o.order_no = ? AND e.kind = ? ORDER BY a.kind, s.code
                """, arguments: [orderNo, kind.rawValue]).map { "\($0[0] as String) \($0[1] as String) \($0[2] as Int64)" }
        }
    }
}

@Suite("Ledger booking")
struct LedgerBookingTests {
    /// 2026-11-15 12:00 in UTC+8.
    static let november = Date(timeIntervalSince1970: 1_794_715_200)

    /// A product at ¥99.00 (cost ¥95.00), a parent substation at 10 % and its child at 5 %, both paying first.
    func setup(keys: Int = 6) throws -> (t: TestStore, product: Product, child: Substation) {
        let t = try TestStore()
        let product = try t.addProduct()
        try t.addSubstation(code: "sh-parent", commission: 1_000, fundsRequired: true)
        let child = try t.addSubstation(code: "sh-child", parent: "sh-parent", commission: 500, fundsRequired: true)
        _ = try t.importKeys((0..<keys).map { "LEDGER-\($0)-SECRET" })
        return (t, product, child)
    }

    @Test("v21: every new substation has its two accounts and must pay first; the platform has its five accounts")
    func migration() throws {
        let (t, _, _) = try setup()
        #expect(try LedgerFacts.count(t.store, "SELECT count(*) FROM ledger_accounts WHERE substation_id IS NULL") == 5)
        #expect(try LedgerFacts.count(t.store, "SELECT count(*) FROM ledger_accounts WHERE substation_id IS NOT NULL") == 4)
        #expect(try LedgerFacts.count(t.store, "SELECT count(*) FROM substations WHERE funds_required = 1") == 2)
        #expect(try LedgerFacts.count(t.store, "SELECT count(*) FROM ledger_meta") == 1)
    }

    @Test("a paid order without funds waits in awaiting_funds with nothing taken; the top-up that covers it delivers it once, in its transaction")
    func awaitingFundsThenTopUp() throws {
        let (t, product, child) = try setup()
        let id = try t.store.createOrder(t.order("F1", product: product, station: child, quantity: 2), now: Self.november)
        let outcome = try t.store.payAndDeliver(orderId: id, amount: Money(fen: 19_800), method: .alipay, txn: "TF1", now: Self.november)
        // gross ¥198.00 less the child's 5 % (¥9.90) = ¥188.10
        #expect(outcome == .awaitingFunds(charge: Money(fen: 18_810), available: .zero))
        #expect(try t.store.order(id: id).status == .awaitingFunds)
        #expect(try t.store.deliveredKeyIds(orderId: id).isEmpty)
        #expect(try t.store.deliver(orderId: id, now: Self.november) == .awaitingFunds(charge: Money(fen: 18_810), available: .zero))
        let short = try t.store.topUp(substation: "sh-child", amount: Money(fen: 10_000), reference: "BANK-1", actor: "alice", now: Self.november)
        #expect(short.delivered.isEmpty)
        #expect(short.balance.balance == Money(fen: 10_000))
        #expect(short.balance.awaitingFunds == 1)
        let at = Self.november.addingTimeInterval(60)
        let enough = try t.store.topUp(substation: "sh-child", amount: Money(fen: 10_000), reference: "BANK-2", actor: "alice", now: at)
        #expect(enough.delivered == ["F1"])
        #expect(enough.balance.balance == Money(fen: 20_000 - 18_810))
        #expect(enough.balance.awaitingFunds == 0)
        #expect(try t.store.order(id: id).status == .delivered)
        #expect(try t.store.deliveredKeyIds(orderId: id).count == 2)
        // In the top-up's transaction: the charge is dated with it and follows its entry.
        #expect(try LedgerFacts.count(t.store, "SELECT count(*) FROM ledger_entries WHERE kind = 'charge' AND at = ?", [StoreTime.string(at)]) == 1)
        let again = try t.store.topUp(substation: "sh-child", amount: Money(fen: 10_000), reference: "BANK-3", actor: "alice", now: at)
        #expect(again.delivered.isEmpty)
        #expect(try LedgerFacts.count(t.store, "SELECT count(*) FROM ledger_entries WHERE kind = 'charge'") == 1)
        #expect(try LedgerFacts.count(t.store, "SELECT count(*) FROM audit_log WHERE action = 'ledger.topup'") == 3)
        #expect(try LedgerFacts.problems(t.store) == [])
    }

    @Test("the charge at a second-level substation: the child pays, the parent earns its override, revenue, cost against inventory")
    func chargePostings() throws {
        let (t, product, child) = try setup()
        _ = try t.store.topUp(substation: "sh-child", amount: Money(fen: 100_000), reference: "B1", actor: "alice", now: Self.november)
        let id = try t.store.createOrder(t.order("C1", product: product, station: child), now: Self.november)
        guard case .delivered = try t.store.payAndDeliver(orderId: id, amount: Money(fen: 9_900), method: .alipay, txn: "TC1", now: Self.november)
        else { Issue.record("not delivered"); return }
        // gross 9900; child's 5 % = 495 → charge 9405; parent's 10 % = 990 → override 495; revenue 8910; cost 9500
        #expect(try LedgerFacts.postings(t.store, orderNo: "C1", kind: .charge) == [
            "commission_payable sh-parent 495", "cost_of_goods - 9500", "inventory - -9500", "platform_revenue - 8910", "prepaid sh-child -9405",
        ])
        #expect(try LedgerFacts.count(t.store, """
            SELECT count(*) FROM ledger_daily WHERE day = '2026-11-15' AND orders = 1 AND units = 1 AND gross_fen = 9900 AND charge_fen = 9405
              AND override_fen = 495 AND cost_fen = 9500
            """) == 1)
        #expect(try LedgerFacts.problems(t.store) == [])
    }

    @Test("a refund reverses exactly the charge and the override, once; the keys' cost stays")
    func refundReversesOnce() throws {
        let (t, product, child) = try setup()
        _ = try t.store.topUp(substation: "sh-child", amount: Money(fen: 100_000), reference: "B1", actor: "alice", now: Self.november)
        let id = try t.store.createOrder(t.order("R1", product: product, station: child), now: Self.november)
        _ = try t.store.payAndDeliver(orderId: id, amount: Money(fen: 9_900), method: .alipay, txn: "TR1", now: Self.november)
        try t.store.refund(orderId: id, by: t.admin, stepUp: nil, now: Self.november)
        #expect(try LedgerFacts.postings(t.store, orderNo: "R1", kind: .refund) == [
            "commission_payable sh-parent -495", "platform_revenue - -8910", "prepaid sh-child 9405",
        ])
        #expect(throws: StoreError.self) { try t.store.refund(orderId: id, by: t.admin, stepUp: nil, now: Self.november) }
        #expect(try LedgerFacts.count(t.store, "SELECT count(*) FROM ledger_entries WHERE kind = 'refund'") == 1)
        #expect(try LedgerFacts.count(t.store, "SELECT balance_fen FROM ledger_accounts WHERE kind = 'cost_of_goods'") == 9_500)
        #expect(try LedgerFacts.count(t.store, """
            SELECT count(*) FROM ledger_daily WHERE day = '2026-11-15' AND refunds = 1 AND refund_charge_fen = 9405 AND refund_override_fen = 495
            """) == 1)
        // An order refunded while it waited for funds was never charged: nothing to reverse.
        let waiting = try t.store.createOrder(t.order("R2", product: product, station: child, quantity: 20), now: Self.november)
        #expect(try t.store.payAndDeliver(orderId: waiting, amount: Money(fen: 198_000), method: .alipay, txn: "TR2", now: Self.november)
                    == .awaitingFunds(charge: Money(fen: 188_100), available: Money(fen: 100_000)))
        let step = try t.stepUp(t.admin)
        try t.store.refund(orderId: waiting, by: t.admin, stepUp: step.code, now: step.now)
        #expect(try t.store.order(id: waiting).status == .refunded)
        #expect(try LedgerFacts.count(t.store, "SELECT count(*) FROM ledger_entries WHERE kind = 'refund'") == 1)
        #expect(try LedgerFacts.problems(t.store) == [])
    }

    @Test("the same top-up reference twice is refused and books nothing; another substation may use it")
    func duplicateReference() throws {
        let (t, _, _) = try setup()
        _ = try t.store.topUp(substation: "sh-child", amount: Money(fen: 5_000), reference: "BANK-7", actor: "alice")
        #expect(throws: StoreError.duplicate(.topUpReference(substation: "sh-child", reference: "BANK-7"))) {
            try t.store.topUp(substation: "sh-child", amount: Money(fen: 5_000), reference: "BANK-7", actor: "alice")
        }
        #expect(try LedgerFacts.count(t.store, "SELECT balance_fen FROM ledger_accounts WHERE kind = 'prepaid' AND balance_fen <> 0") == 5_000)
        _ = try t.store.topUp(substation: "sh-parent", amount: Money(fen: 5_000), reference: "BANK-7", actor: "alice")
        #expect(try LedgerFacts.count(t.store, "SELECT count(*) FROM audit_log WHERE action = 'ledger.topup'") == 2)
        #expect(throws: StoreError.self) { try t.store.topUp(substation: "sh-child", amount: Money(fen: 0), reference: "Z", actor: "alice") }
        #expect(throws: StoreError.notFound(.substation(code: "nope"))) {
            try t.store.topUp(substation: "nope", amount: Money(fen: 1), reference: "Z", actor: "alice")
        }
    }

    @Test("top-up, credit limit and the switch need manageFunds and a step-up code, and are audited")
    func personsChecks() throws {
        let (t, product, child) = try setup()
        let support = try t.addStaff("sam", role: .support)
        #expect(throws: StoreError.self) { try t.store.topUp(substation: "sh-child", amount: Money(fen: 100), reference: "X", by: support, stepUp: nil) }
        #expect(throws: StoreError.stepUpRequired(action: Permission.manageFunds.rawValue)) {
            try t.store.topUp(substation: "sh-child", amount: Money(fen: 100), reference: "X", by: t.admin, stepUp: nil)
        }
        let id = try t.store.createOrder(t.order("L1", product: product, station: child), now: Self.november)
        #expect(try t.store.payAndDeliver(orderId: id, amount: Money(fen: 9_900), method: .alipay, txn: "TL1", now: Self.november)
                    == .awaitingFunds(charge: Money(fen: 9_405), available: .zero))
        var step = try t.stepUp(t.admin)
        let raised = try t.store.setCreditLimit(substation: "sh-child", to: Money(fen: 10_000), by: t.admin, stepUp: step.code, now: step.now)
        #expect(raised.delivered == ["L1"])
        #expect(raised.balance.balance == Money(fen: -9_405))
        #expect(raised.balance.available == Money(fen: 595))
        step = try t.stepUp(t.admin)
        #expect(throws: StoreError.self) {
            try t.store.setCreditLimit(substation: "sh-child", to: Money(fen: 9_000), by: t.admin, stepUp: step.code, now: step.now)
        }
        let id2 = try t.store.createOrder(t.order("L2", product: product, station: child), now: Self.november)
        _ = try t.store.payAndDeliver(orderId: id2, amount: Money(fen: 9_900), method: .alipay, txn: "TL2", now: Self.november)
        step = try t.stepUp(t.admin)
        let off = try t.store.setFundsRequired(substation: "sh-child", false, by: t.admin, stepUp: step.code, now: step.now)
        #expect(off.delivered == ["L2"])
        #expect(off.balance.balance == Money(fen: -18_810))
        for action in ["ledger.credit-limit", "ledger.require-funds"] {
            #expect(try LedgerFacts.count(t.store, "SELECT count(*) FROM audit_log WHERE action = ?", [action]) == 1)
        }
    }

    @Test("settling a month pays out its commission payable once; an open month and a second settlement are refused")
    func settleOnce() throws {
        let (t, product, child) = try setup()
        _ = try t.store.topUp(substation: "sh-child", amount: Money(fen: 100_000), reference: "B1", actor: "alice", now: Self.november)
        for n in 1...2 {
            let id = try t.store.createOrder(t.order("S\(n)", product: product, station: child), now: Self.november)
            _ = try t.store.payAndDeliver(orderId: id, amount: Money(fen: 9_900), method: .alipay, txn: "TS\(n)", now: Self.november)
        }
        let december = Date(timeIntervalSince1970: 1_796_601_600)   // 2026-12-07 08:00 UTC+8
        let period = SettlementPeriod("2026-11")!
        let finance = try t.addStaff("fay", role: .finance)
        let settled = try t.store.settle(substation: "sh-parent", period: period, by: finance, now: december)
        #expect(settled.amount == Money(fen: 990))
        #expect(throws: StoreError.duplicate(.settlement(substation: "sh-parent", period: "2026-11"))) {
            try t.store.settle(substation: "sh-parent", period: period, by: finance, now: december)
        }
        #expect(throws: StoreError.self) { try t.store.settle(substation: "sh-parent", period: SettlementPeriod("2026-12")!, by: finance, now: december) }
        #expect(throws: StoreError.self) { try t.store.settle(substation: "sh-child", period: period, by: finance, now: december) }
        let support = try t.addStaff("sue", role: .support)
        #expect(throws: StoreError.self) { try t.store.settle(substation: "sh-parent", period: SettlementPeriod("2026-10")!, by: support, now: december) }
        #expect(try LedgerFacts.count(t.store, "SELECT balance_fen FROM ledger_accounts WHERE kind = 'commission_paid'") == 990)
        #expect(try LedgerFacts.count(t.store, "SELECT count(*) FROM audit_log WHERE action = 'ledger.settle'") == 1)
        #expect(try LedgerFacts.problems(t.store) == [])
    }
}
