import Foundation
import GRDB
import KamengDomain
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage
import KamengVault

/// The demo's money (issue 18, item 9), read straight from the tables of a tiny demo: balances and
/// top-ups over the 30 days, every delivery charged and every refund reversed by the price model,
/// funds required everywhere and one substation short, with its orders waiting as `awaiting_funds`.
@Suite("Demo money")
struct DemoMoneyTests {
    /// 2026-11-18 12:00 UTC: a fixed anchor, so the demo is the same on every run.
    static let anchor = Date(timeIntervalSince1970: 1_795_003_200)

    final class Demo: @unchecked Sendable {
        let t: TestStore
        init(seed: UInt64 = 7) throws {
            t = try TestStore()
            _ = try t.store.seedDemo(size: .tiny, seed: seed, anchor: DemoMoneyTests.anchor, by: t.admin)
        }
        func count(_ sql: String, _ arguments: StatementArguments = []) throws -> Int {
            try t.store.pool.read { db in try Int.fetchOne(db, sql: sql, arguments: arguments) ?? -1 }
        }
        func rows(_ sql: String) throws -> [Row] { try t.store.pool.read { db in try Row.fetchAll(db, sql: sql) } }
    }

    @Test("every entry sums to zero and every balance is the sum of its postings")
    func balanced() throws {
        let d = try Demo()
        #expect(try d.count("SELECT count(*) FROM ledger_entries") > 1_000)
        #expect(try d.count("SELECT count(*) FROM (SELECT entry_id FROM ledger_postings GROUP BY entry_id HAVING sum(amount_fen) <> 0)") == 0)
        #expect(try d.count("SELECT count(*) FROM ledger_entries e WHERE NOT EXISTS (SELECT 1 FROM ledger_postings p WHERE p.entry_id = e.id)") == 0)
        #expect(try d.count("""
            SELECT count(*) FROM ledger_accounts a
            WHERE a.balance_fen <> coalesce((SELECT sum(amount_fen) FROM ledger_postings p WHERE p.account_id = a.id), 0)
            """) == 0)
        #expect(try d.count("SELECT coalesce(sum(balance_fen), 0) FROM ledger_accounts") == 0)
    }

    @Test("every delivered order is charged once, by OrderCharge at its substation and parent; nothing else is")
    func chargedByThePriceModel() throws {
        let d = try Demo()
        #expect(try d.count("""
            SELECT count(*) FROM orders o WHERE o.status IN ('delivered', 'refunded')
              AND (SELECT count(*) FROM ledger_entries e WHERE e.order_id = o.id AND e.kind = 'charge') <> 1
            """) == 0)
        #expect(try d.count("""
            SELECT count(*) FROM ledger_entries e JOIN orders o ON o.id = e.order_id
            WHERE e.kind = 'charge' AND o.status NOT IN ('delivered', 'refunded')
            """) == 0)
        let charged = try d.rows("""
            SELECT e.id, e.substation_id = o.substation_id AS same_station, o.quantity, p.price_retail_fen AS retail, p.cost_fen AS cost,
                   s.code, s.commission_bp, t.code AS parent, t.commission_bp AS parent_bp
            FROM ledger_entries e JOIN orders o ON o.id = e.order_id JOIN products p ON p.id = o.product_id
            JOIN substations s ON s.id = o.substation_id LEFT JOIN substations t ON t.id = s.parent_id
            WHERE e.kind = 'charge'
            """)
        #expect(charged.count > 1_000)
        let postings = try postingsByEntry(d)
        for row in charged {
            let charge = OrderCharge(quantity: row["quantity"], retail: Money(fen: row["retail"]), unitCost: Money(fen: row["cost"]),
                                     commissionBasisPoints: row["commission_bp"], parentBasisPoints: row["parent_bp"])
            let expected = charge.chargePostings(substation: row["code"], parent: row["parent"])
            #expect(row["same_station"] as Bool)
            #expect(Set(postings[row["id"] as Int64] ?? []) == Set(expected), "entry \(row["id"] as Int64)")
        }
    }

    @Test("every refunded order's charge and override are reversed once; the keys' cost stays")
    func refundsReversed() throws {
        let d = try Demo()
        let refunded = try d.count("SELECT count(*) FROM orders WHERE status = 'refunded'")
        #expect(refunded > 0, "the tiny demo refunds a few orders")
        #expect(try d.count("SELECT count(*) FROM ledger_entries WHERE kind = 'refund'") == refunded)
        #expect(try d.count("""
            SELECT count(*) FROM orders o WHERE o.status = 'refunded'
              AND (SELECT count(*) FROM ledger_entries e WHERE e.order_id = o.id AND e.kind = 'refund') <> 1
            """) == 0)
        #expect(try d.count("""
            SELECT count(*) FROM (
              SELECT e.order_id, p.account_id FROM ledger_entries e JOIN ledger_postings p ON p.entry_id = e.id
              JOIN ledger_accounts a ON a.id = p.account_id
              WHERE e.order_id IN (SELECT order_id FROM ledger_entries WHERE kind = 'refund')
                AND a.kind IN ('prepaid', 'commission_payable', 'platform_revenue')
              GROUP BY e.order_id, p.account_id HAVING sum(p.amount_fen) <> 0)
            """) == 0)
        #expect(try d.count("""
            SELECT count(*) FROM ledger_entries e JOIN ledger_postings p ON p.entry_id = e.id JOIN ledger_accounts a ON a.id = p.account_id
            WHERE e.kind = 'refund' AND a.kind IN ('cost_of_goods', 'inventory')
            """) == 0)
        #expect(try d.count("""
            SELECT count(*) FROM ledger_entries r JOIN ledger_entries c ON c.order_id = r.order_id AND c.kind = 'charge'
            WHERE r.kind = 'refund' AND r.at < c.at
            """) == 0, "a refund comes after its charge")
    }

    @Test("top-ups come before the charges they fund: no prepaid balance ever goes below zero, entries in time order")
    func topUpsAhead() throws {
        let d = try Demo()
        let topUps = try d.rows("SELECT reference, at FROM ledger_entries WHERE kind = 'topup' ORDER BY id")
        #expect(topUps.count >= 15, "each substation paid in at least once")
        #expect(topUps.first?["reference"] == "DEMO-TOPUP-0001")
        #expect(Set(topUps.map { $0["reference"] as String }).count == topUps.count)
        #expect(topUps.allSatisfy { ($0["reference"] as String).hasPrefix("DEMO-TOPUP-") })
        #expect(try d.count("SELECT count(*) FROM ledger_entries a JOIN ledger_entries b ON b.id = a.id + 1 WHERE b.at < a.at") == 0)
        #expect(try d.count("SELECT count(*) FROM ledger_entries WHERE at > ?", [StoreTime.string(Self.anchor)]) == 0)
        // Running balance of every prepaid account in entry order.
        var running: [Int64: Int64] = [:]
        var lowest: Int64 = 0
        for row in try d.rows("""
            SELECT p.account_id, p.amount_fen FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.account_id
            WHERE a.kind = 'prepaid' ORDER BY p.entry_id
            """) {
            running[row["account_id"], default: 0] += row["amount_fen"] as Int64
            lowest = min(lowest, running[row["account_id"]]!)
        }
        #expect(lowest >= 0, "lowest prepaid balance \(lowest)")
    }

    @Test("funds are required everywhere; tj-anan ran short and its latest paid orders wait for funds, with no keys")
    func shortSubstation() throws {
        let d = try Demo()
        #expect(try d.count("SELECT count(*) FROM substations WHERE funds_required <> 1") == 0)
        #expect(try d.count("SELECT count(*) FROM substations WHERE parent_id IS NULL AND credit_limit_fen = 500000") == 5)
        let waiting = try d.rows("""
            SELECT o.id, o.quantity, o.paid_at, s.code, p.price_retail_fen AS retail, p.cost_fen AS cost, s.commission_bp, t.commission_bp AS parent_bp
            FROM orders o JOIN substations s ON s.id = o.substation_id JOIN products p ON p.id = o.product_id
            LEFT JOIN substations t ON t.id = s.parent_id
            WHERE o.status = 'awaiting_funds' ORDER BY o.paid_at
            """)
        #expect(!waiting.isEmpty)
        #expect(waiting.allSatisfy { $0["code"] == SQLiteStore.demoShortStation && ($0["paid_at"] as String?) != nil })
        #expect(try d.count("SELECT count(*) FROM card_keys WHERE order_id IN (SELECT id FROM orders WHERE status = 'awaiting_funds')") == 0)
        #expect(try d.count("SELECT count(*) FROM ledger_entries WHERE order_id IN (SELECT id FROM orders WHERE status = 'awaiting_funds')") == 0)
        let oldest = try #require(waiting.first)
        let charge = OrderCharge(quantity: oldest["quantity"], retail: Money(fen: oldest["retail"]), unitCost: Money(fen: oldest["cost"]),
                                 commissionBasisPoints: oldest["commission_bp"], parentBasisPoints: oldest["parent_bp"]).charge
        let available = try d.count("""
            SELECT a.balance_fen + s.credit_limit_fen FROM ledger_accounts a JOIN substations s ON s.id = a.substation_id
            WHERE a.kind = 'prepaid' AND s.code = ?
            """, [SQLiteStore.demoShortStation])
        #expect(available >= 0 && Int64(available) < charge.fen, "available \(available) does not cover the oldest waiting charge \(charge)")
        #expect(try d.count("""
            SELECT count(*) FROM ledger_entries e JOIN substations s ON s.id = e.substation_id
            WHERE e.kind = 'topup' AND s.code = ? AND e.at > ?
            """, [SQLiteStore.demoShortStation, StoreTime.string(Self.anchor.addingTimeInterval(-SQLiteStore.demoShortSince))]) == 0)
    }

    @Test("the daily figures add up to the entries; paid orders record what was paid; the ledger starts before the demo")
    func dailyFigures() throws {
        let d = try Demo()
        #expect(try d.count("SELECT sum(orders) FROM ledger_daily") == d.count("SELECT count(*) FROM ledger_entries WHERE kind = 'charge'"))
        #expect(try d.count("SELECT sum(refunds) FROM ledger_daily") == d.count("SELECT count(*) FROM ledger_entries WHERE kind = 'refund'"))
        let prepaidMoved = try d.count("""
            SELECT -sum(p.amount_fen) FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.account_id
            JOIN ledger_entries e ON e.id = p.entry_id WHERE a.kind = 'prepaid' AND e.kind IN ('charge', 'refund')
            """)
        #expect(try d.count("SELECT sum(charge_fen) - sum(refund_charge_fen) FROM ledger_daily") == prepaidMoved)
        #expect(try d.count("SELECT sum(override_fen) - sum(refund_override_fen) FROM ledger_daily") == d.count("""
            SELECT sum(p.amount_fen) FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.account_id
            JOIN ledger_entries e ON e.id = p.entry_id WHERE a.kind = 'commission_payable' AND e.kind IN ('charge', 'refund')
            """))
        #expect(try d.count("SELECT count(DISTINCT day) FROM ledger_daily") >= 29)
        #expect(try d.count("SELECT count(*) FROM orders WHERE paid_at IS NOT NULL AND (paid_fen IS NULL OR paid_fen <> amount_fen)") == 0)
        #expect(try d.count("SELECT count(*) FROM orders o, ledger_meta m WHERE o.delivered_at < m.started_at") == 0)
    }

    @Test("ledger verify holds on a fresh demo and reconciliation of its 30 days finds nothing unexplained")
    func verifiesAndReconciles() throws {
        let d = try Demo()
        let verification = try d.t.store.verifyLedger()
        #expect(verification.isSound, "\(verification.firstProblem ?? "")")
        #expect(verification.entries > 1_000)
        let report = try d.t.store.reconcile(days: BusinessDays.last(31, now: Self.anchor), staleAfter: 15 * 60, now: Self.anchor)
        #expect(report.orders > 2_000)
        #expect(report.unexplained.isEmpty, "\(report.unexplained.prefix(5).map { "\($0.kind) \($0.orderNo) \($0.status) \($0.detail)" })")
        #expect(report.anomalies.contains { $0.status == .awaitingFunds }, "tj-anan's waiting orders are listed, and explained")
    }

    @Test("the same seed and anchor book the same money")
    func deterministic() throws {
        let sql = "SELECT e.kind || ' ' || e.at || ' ' || coalesce(e.reference, '') || ' ' || group_concat(p.amount_fen) AS line FROM ledger_entries e JOIN ledger_postings p ON p.entry_id = e.id GROUP BY e.id ORDER BY e.id"
        let first = try Demo().rows(sql).map { $0["line"] as String }
        let second = try Demo().rows(sql).map { $0["line"] as String }
        #expect(first == second)
    }

    /// Each entry's postings as the domain writes them (account kind, substation code, amount).
    private func postingsByEntry(_ d: Demo) throws -> [Int64: [LedgerPosting]] {
        var out: [Int64: [LedgerPosting]] = [:]
        for row in try d.rows("""
            SELECT p.entry_id, a.kind, s.code, p.amount_fen FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.account_id
            LEFT JOIN substations s ON s.id = a.substation_id
            """) {
            let kind = LedgerAccountKind(rawValue: row["kind"])!
            out[row["entry_id"], default: []].append(LedgerPosting(account: kind, substationCode: row["code"], amount: Money(fen: row["amount_fen"])))
        }
        return out
    }
}

/// `kameng demo`'s live top-ups of the short substation, through the engine with the demo authenticator.
@Suite("Demo money: live top-ups")
struct DemoLiveTopUpTests {
    @Test("a live top-up is a checked, audited top-up of tj-anan that delivers its oldest waiting order; its code is not taken twice")
    func liveTopUp() async throws {
        let dir = try IntakeWritesMigrationTests.scratch("kameng-demo-topup-")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let engine = try SQLiteEngine.createDemo(at: dir + "/db/demo.sqlite", keyFilePath: dir + "/keys/demo.key", adminUser: "alice")
        let owner = try await engine.owner()
        _ = try await engine.seedDemo(size: .tiny, seed: 7, anchor: DemoMoneyTests.anchor, by: owner, progress: { _ in })
        _ = try await engine.enrolDemoTOTP(for: owner)
        var query = OrderQuery()
        query.status = .awaitingFunds
        let waiting = try await engine.orders(query: query, after: nil, limit: 500)
        let oldest = try #require(waiting.min { ($0.order.paidAt!, $0.order.id!) < ($1.order.paidAt!, $1.order.id!) })
        let now = Date()
        let change = try await SQLiteStore.demoLiveTopUp(on: engine, owner: owner, now: now)
        #expect(change.balance.code == SQLiteStore.demoShortStation)
        #expect(change.delivered.first == oldest.order.orderNo, "the oldest waiting order goes first")
        #expect(try await engine.order(id: oldest.order.id!).status == .delivered)
        let audit = try await engine.auditTail(limit: 10, by: owner)
        #expect(audit.contains { $0.action == "ledger.topup" && $0.actor == owner.userName && $0.detail.contains("DEMO-LIVE-") })
        // The same 30-second code again is a replay, whatever the reference.
        await #expect(throws: StoreError.self) {
            _ = try await engine.topUp(substation: SQLiteStore.demoShortStation, amount: Money(fen: 100), reference: "DEMO-LIVE-AGAIN", by: owner,
                                       stepUp: TOTP.code(secret: Base32.decode(SQLiteStore.demoTOTPSecretBase32)!, at: now))
        }
    }
}
