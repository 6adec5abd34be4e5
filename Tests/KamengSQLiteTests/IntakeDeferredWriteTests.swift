import Foundation
import GRDB
import KamengDomain
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage

/// Intake holds a group's new orders back and writes them at the group's end (`PendingWrites`). These
/// tests feed the same mixed stream to two identical stores, one written line by line and one deferred,
/// and require the same outcome for every line and the same orders, keys, failures and rejections.
@Suite("Intake: deferred writes")
struct IntakeDeferredWriteTests {
    /// Two substations, a product with stock for about half the orders, a scarce one, a reusable one,
    /// and a blacklisted device. Built the same way twice, the two stores differ only in secrets.
    static func fixture() throws -> IntakeFixture {
        let f = try IntakeFixture(keys: 30, threshold: 5)
        _ = try f.t.addProduct(sku: "SCARCE", threshold: 3)
        try f.t.importKeys((0..<6).map { "SCARCE-KEY-\($0)-SECRET" }, sku: "SCARCE")
        _ = try f.t.addProduct(sku: "SHARED", reusable: true, threshold: 0)
        try f.t.importKeys(["SHARED-ACCOUNT-SECRET"], sku: "SHARED")
        try f.store.addToBlacklist(.device, value: "bad-phone", reason: "chargebacks", by: f.t.admin)
        return f
    }

    /// A seeded stream that touches every path: repeats with the same and other contents, payments at
    /// once, later, twice, of the wrong amount, for unknown orders and with a txn that already pays
    /// another order; quantities of two; buyers, IPs and devices reused enough to trip the windows and
    /// the distinct-buyer counts; the scarce product selling out; heartbeats; both substations.
    static func stream(_ f: IntakeFixture, seed: UInt64, count: Int) -> [String] {
        var rng = SeededRandom(seed: seed)
        var lines: [String] = []
        var placed: [(no: String, station: String, amount: Int64)] = []
        var txns: [String] = []
        let skus = ["QQ-100", "QQ-100", "QQ-100", "SCARCE", "SHARED"]
        for i in 0..<count {
            let station = rng.chance(0.8) ? "sh-a" : "sh-b"
            let at = Double(i) * 7
            switch rng.below(20) {
            case 0..<9:
                let quantity = rng.chance(0.2) ? 2 : 1
                let no = "O\(i)"
                let amount = 9_900 * Int64(quantity)
                let device = rng.chance(0.05) ? "bad-phone" : "dev-\(rng.below(15))"
                let payload = f.order(no, quantity: quantity, amount: amount, buyer: "buyer-\(rng.below(60))", ip: "10.0.0.\(rng.below(12))",
                                      device: device, sku: skus[rng.below(skus.count)], at: at)
                lines.append(f.line(payload, from: station))
                placed.append((no, station, amount))
                if rng.chance(0.6) {
                    let txn = "t\(i)"
                    txns.append(txn)
                    lines.append(f.line(f.payment(no, amount: amount, txn: txn, at: at + 1), from: station))
                }
            case 9..<13 where !placed.isEmpty:
                // A later payment, sometimes of the wrong amount.
                let order = placed[rng.below(placed.count)]
                let txn = "late\(i)"
                txns.append(txn)
                let amount = rng.chance(0.15) ? order.amount + 1 : order.amount
                lines.append(f.line(f.payment(order.no, amount: amount, txn: txn, at: at), from: order.station))
            case 13 where !placed.isEmpty:
                // The same order again: the same contents, or other contents.
                let order = placed[rng.below(placed.count)]
                let payload = f.order(order.no, amount: rng.chance(0.5) ? order.amount : order.amount + 100, at: at)
                lines.append(f.line(payload, from: order.station))
            case 14 where !txns.isEmpty:
                // A txn that already pays (or paid) some order, now for another.
                let order = placed[rng.below(placed.count)]
                lines.append(f.line(f.payment(order.no, amount: order.amount, txn: txns[rng.below(txns.count)], at: at), from: order.station))
            case 15:
                lines.append(f.line(f.payment("NOPE\(i)", txn: "x\(i)", at: at), from: station))
            case 16:
                lines.append(f.line(f.heartbeat(at: at), from: station))
            case 17:
                lines.append(f.line(f.order("U\(i)", sku: "NO-SUCH-SKU", at: at), from: station))
            default:
                // The same order number from the other substation: a different order.
                guard let order = placed.last else { continue }
                let other = order.station == "sh-a" ? "sh-b" : "sh-a"
                lines.append(f.line(f.order(order.no, buyer: "buyer-x", at: at), from: other))
                lines.append(f.line(f.payment(order.no, txn: "o\(i)", at: at + 1), from: other))
            }
        }
        return lines
    }

    /// Orders, keys, reusable deliveries, failed payments and rejections, without the times a group
    /// stamps (`updated_at`, `delivered_at`, rejection `at`) and the per-store secrets.
    static func state(_ f: IntakeFixture) throws -> [String] {
        try f.store.pool.read { db in
            let queries = [
                """
                SELECT id, order_no, substation_id, buyer, ip, device, product_id, quantity, amount_fen, payment_method, payment_txn,
                       paid_fen, status, risk_score, risk_reasons, created_at, paid_at, delivered_at IS NULL FROM orders ORDER BY id
                """,
                "SELECT id, product_id, status, order_id FROM card_keys ORDER BY id",
                "SELECT order_id, card_key_id FROM reusable_deliveries ORDER BY 1, 2",
                "SELECT order_id, buyer, at, txn, paid_fen, reason FROM payment_failures ORDER BY id",
                "SELECT line, substation, kind, reason, detail, excerpt FROM intake_rejections ORDER BY id",
                "SELECT substation_id, at FROM substation_signals ORDER BY id",
            ]
            return try queries.flatMap { sql in try Row.fetchAll(db, sql: sql).map(\.description) }
        }
    }

    static func run(_ f: IntakeFixture, _ lines: [String], deferred: Bool, groupLines: Int, rules: RiskRules) throws -> IntakeSummary {
        var options = IntakeOptions(rules: rules, source: "diff.jsonl")
        options.groupLines = groupLines
        var tuning = IntakeTuning()
        tuning.deferWrites = deferred
        // A failed group is applied again line by line, which would hide a deferral that went wrong.
        tuning.onIsolatedRetry = { error in Issue.record("a group was retried line by line: \(error)") }
        return try f.store.ingest(.bytes(Array(lines.joined(separator: "\n").utf8)), options: options, tuning: tuning, by: f.t.admin)
    }

    @Test("deferred and line-by-line writes leave the same state", arguments: [(1 as UInt64, 500), (2, 500), (3, 9), (4, 1), (5, 37)])
    func sameState(seed: UInt64, groupLines: Int) throws {
        // Low limits so that the windows, the distinct-buyer counts and holds all happen in a short stream.
        var rules = RiskRules.defaults
        rules.ipVelocity.limit = 4
        rules.deviceVelocity.limit = 4
        rules.buyersPerDevice.limit = 3
        rules.buyersPerIP.limit = 3
        rules.buyerVelocity.limit = 2
        let direct = try Self.fixture(), deferred = try Self.fixture()
        let lines = Self.stream(direct, seed: seed, count: 300)
        // Both stores must receive the same bytes' meaning; each signs with its own secrets.
        let deferredLines = Self.stream(deferred, seed: seed, count: 300)
        let a = try Self.run(direct, lines, deferred: false, groupLines: groupLines, rules: rules)
        let b = try Self.run(deferred, deferredLines, deferred: true, groupLines: groupLines, rules: rules)
        // The groups a run is cut into depend on timing; everything else must agree.
        var unGrouped = b
        unGrouped.groups = a.groups
        #expect(a == unGrouped)
        let left = try Self.state(direct), right = try Self.state(deferred)
        #expect(left.count == right.count)
        for (l, r) in zip(left, right) where l != r {
            Issue.record("first difference:\n  line by line: \(l)\n  deferred:     \(r)")
            break
        }
        // The stream really did exercise the paths the deferral must match.
        #expect(a.delivered > 20 && a.flagged > 3 && a.heldPayments > 0 && a.awaitingStock > 0 && a.rejected > 20, "\(a.humanLines)")
        // Replaying the whole stream changes nothing.
        let replay = try Self.run(deferred, deferredLines, deferred: true, groupLines: groupLines, rules: rules)
        #expect(replay.orders.accepted == 0 && replay.payments.accepted == 0)
        let after = try Self.state(deferred).filter { !$0.contains("line:") }
        #expect(after == right.filter { !$0.contains("line:") })
    }
}
