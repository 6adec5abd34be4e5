import Foundation
import GRDB
import KamengDomain
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage
import KamengVault

/// Order → risk score → payment → delivery, and every refusal with its reason.
@Suite("Intake: orders, payments, heartbeats")
struct IntakeFlowTests {
    @Test("a clean order and its payment are delivered in one group, audited once, by the staff member ingesting")
    func happyPath() throws {
        let f = try IntakeFixture()
        let summary = try f.ingest([f.line(f.order("H1", quantity: 2)), f.line(f.payment("H1", amount: 19_800))])
        #expect(summary.orders.accepted == 1 && summary.payments.accepted == 1 && summary.delivered == 1 && summary.groups == 1)
        let row = try #require(try f.orderRow("H1"))
        #expect((row["status"] as String?) == "delivered" && (row["paid_fen"] as Int?) == 19_800 && (row["payment_txn"] as String?) == "txn-H1")
        #expect((row["payment_method"] as String?) == "alipay" && (row["created_at"] as String?) == "2026-11-23 08:00:00.000" && (row["paid_at"] as String?) == "2026-11-23 08:00:01.000")
        #expect(try f.store.deliveredKeyIds(orderId: row["id"]).count == 2)
        let audit = try f.store.auditTail(limit: 1)[0]
        #expect(audit.action == "intake.group" && audit.actor == "alice" && audit.target == "intake:test.jsonl#1-2")
        #expect(audit.detail == "orders 1: H1; delivered 1: H1:2")
        #expect(try f.store.verifyAudit() == .intact(rows: try f.count("SELECT count(*) FROM audit_log")))
    }

    @Test("refusals carry their reason, line and a safe excerpt; the lines around them go through", arguments: [
        (#"{"type":"order"#, "malformed", "not valid JSON"),
        (#"{"type":"order","orderNo":"M1","product":"QQ-100","quantity":1,"amount":9900,"buyer":"b","ip":"i","device":"d"}"#, "malformed", "missing field \"at\""),
        (#"{"type":"order","orderNo":"M1","product":"QQ-100","quantity":1,"amount":9900,"buyer":"b","ip":"i","device":"d","at":"yesterday"}"#, "malformed", "RFC 3339"),
        (#"{"type":"order","orderNo":"M1","product":"QQ-100","quantity":1,"amount":-1,"buyer":"b","ip":"i","device":"d","at":"2026-11-23T08:00:00Z"}"#, "malformed", "must not be negative"),
        (#"{"type":"order","orderNo":"M1","product":"NOPE","quantity":1,"amount":9900,"buyer":"b","ip":"i","device":"d","at":"2026-11-23T08:00:00Z"}"#, "unknown_product", "NOPE"),
        (#"{"type":"payment","orderNo":"GHOST","amount":9900,"method":"alipay","txn":"t","at":"2026-11-23T08:00:00Z"}"#, "unknown_order", "GHOST"),
    ])
    func refusals(payload: String, reason: String, detail: String) throws {
        let f = try IntakeFixture()
        let signed = IntakePayload.envelopeLine(substation: "sh-a", payloadText: payload,
                                                signatureHex: IntakeSigner.signature(payload: payload, secret: f.secrets["sh-a"]!))
        let summary = try f.ingest([f.line(f.order("OK1")), signed, f.line(f.order("OK2"))])
        #expect(summary.orders.accepted == 2 && summary.rejectedByReason == [reason: 1])
        let record = try #require(try f.rejections().first)
        #expect((record["reason"] as String?) == reason && (record["line"] as Int?) == 2 && (record["source"] as String?) == "test.jsonl" && (record["substation"] as String?) == "sh-a")
        #expect((record["detail"] as String).contains(detail), "\(record["detail"] as String)")
        #expect(try f.count("SELECT count(*) FROM orders") == 2)
    }

    @Test("lines that are not even envelopes, unknown substations, blank and overlong lines")
    func junk() throws {
        let f = try IntakeFixture()
        let long = String(repeating: "x", count: IntakeEnvelope.maxLineBytes + 10)
        let summary = try f.ingest(["garbage \u{1B}[2J", "", "   ", IntakeSigner.line(f.order("U1"), substation: "sh-zz", secret: "whatever"),
                                    long, f.line(f.order("AFTER"))])
        #expect(summary.lines == 4)
        #expect(summary.rejectedByReason == ["malformed": 2, "unknown_substation": 1] && summary.orders.accepted == 1)
        let records = try f.rejections()
        #expect(records.map { $0["line"] as Int } == [1, 4, 5])
        #expect(records.allSatisfy { !($0["excerpt"] as String).contains("\u{1B}") })
    }

    @Test("a suspended, closed or expired substation is refused")
    func suspended() throws {
        let f = try IntakeFixture()
        try f.t.rawExecute("UPDATE substations SET status = 'suspended' WHERE code = 'sh-a'")
        try f.t.rawExecute("UPDATE substations SET expires_at = '2020-01-01 00:00:00.000' WHERE code = 'sh-b'")
        let before = try f.digest()
        let summary = try f.ingest([f.line(f.order("X1")), f.line(f.heartbeat(at: 1)), f.line(f.order("X2"), from: "sh-b")])
        #expect(summary.rejectedByReason == ["suspended_substation": 3])
        #expect(try f.digest() == before)
        #expect(try f.rejections().map { $0["detail"] as String }.last == "substation sh-b expired")
    }

    @Test("short stock: the paid order waits in awaiting_stock with no key, and the low-stock alert fires")
    func shortStock() throws {
        let f = try IntakeFixture(keys: 3, threshold: 5)
        let summary = try f.ingest([f.line(f.order("S1", quantity: 2)), f.line(f.payment("S1", amount: 19_800)),
                                    f.line(f.order("S2", quantity: 2)), f.line(f.payment("S2", amount: 19_800))])
        #expect(summary.delivered == 1 && summary.awaitingStock == 1 && summary.lowStock == ["QQ-100"])
        #expect(try (f.orderRow("S2")?["status"] as String?) == "awaiting_stock")
        #expect(try f.count("SELECT count(*) FROM card_keys WHERE order_id = (SELECT id FROM orders WHERE order_no = 'S2')") == 0)
        #expect(try f.store.stockLevels().first { $0.product.sku == "QQ-100" }?.isBelowThreshold == true)
        #expect(try f.store.auditTail(limit: 1)[0].detail.contains("awaiting-stock 1: S2"))
    }

    @Test("amount mismatch: refused, counted as a failed payment once, and the pending order goes to the risk queue")
    func amountMismatch() throws {
        let f = try IntakeFixture()
        let wrong = f.line(f.payment("A1", amount: 100, txn: "W-1"))
        let summary = try f.ingest([f.line(f.order("A1")), wrong, wrong])
        #expect(summary.rejectedByReason == ["amount_mismatch": 2] && summary.flagged == 1)
        let row = try #require(try f.orderRow("A1"))
        #expect((row["status"] as String?) == "flagged" && (row["risk_score"] as Int?) == 100 && (row["paid_fen"] as Int?) == nil)
        #expect((row["risk_reasons"] as String).contains(#""rule":"amount_mismatch""#))
        #expect(try f.count("SELECT count(*) FROM payment_failures") == 1)
        // The right amount afterwards is recorded, but the order stays held: no keys until a person looks.
        let later = try f.ingest([f.line(f.payment("A1", txn: "W-2"))])
        #expect(later.heldPayments == 1)
        #expect(try (f.orderRow("A1")?["status"] as String?) == "flagged" && (f.orderRow("A1")?["payment_txn"] as String?) == "W-2")
        #expect(try f.count("SELECT count(*) FROM card_keys WHERE status = 'sold'") == 0)
    }

    @Test("held orders: blacklist and velocity facts come from the database; a held order's payment binds no key")
    func risk() throws {
        let f = try IntakeFixture()
        try f.store.addToBlacklist(.device, value: "bad-phone", reason: "chargebacks", by: f.t.admin)
        var lines = [f.line(f.order("B1", device: "bad-phone")), f.line(f.payment("B1"))]
        // Five buyers on one device within the window: the fourth and fifth exceed buyers_per_device (3).
        for i in 0..<5 { lines.append(f.line(f.order("D\(i)", buyer: "u\(i)", ip: "172.16.0.\(i)", device: "shared", at: Double(i)))) }
        let summary = try f.ingest(lines)
        #expect(summary.flagged == 1 && summary.heldPayments == 1)
        let b1 = try #require(try f.orderRow("B1"))
        #expect((b1["status"] as String?) == "flagged" && (b1["paid_fen"] as Int?) == 9_900 && (b1["risk_reasons"] as String).contains("blacklisted_device"))
        #expect(try f.count("SELECT count(*) FROM card_keys WHERE status = 'sold'") == 0)
        #expect(try (f.orderRow("D2")?["risk_score"] as Int?) == 0)
        let d3 = try #require(try f.orderRow("D3"))
        #expect((d3["risk_reasons"] as String).contains(#""observed":4"#) && (d3["risk_score"] as Int?) == 50 && (d3["status"] as String?) == "pending")
        // With a lower hold score the same facts hold the order.
        var strict = RiskRules.defaults
        strict.holdScore = 50
        let held = try f.ingest([f.line(f.order("D9", buyer: "u9", ip: "172.16.0.9", device: "shared", at: 5))], rules: strict)
        #expect(try held.flagged == 1 && (f.orderRow("D9")?["status"] as String?) == "flagged")
    }

    @Test("the blacklist read into memory for a group answers as the SQL lookup does: by kind, byte for byte, also past its size limit")
    func blacklistInMemory() throws {
        // Each order's blacklist findings, with the blacklist small (a set per kind) and then large (the statement).
        func findings(extraRows: Int) throws -> [String] {
            let f = try IntakeFixture()
            try f.store.addToBlacklist(.ip, value: "10.6.6.6", reason: "proxy", by: f.t.admin)
            try f.store.addToBlacklist(.buyer, value: "mallory", reason: "chargebacks", by: f.t.admin)
            try f.store.addToBlacklist(.device, value: "caf\u{E9}", reason: "chargebacks", by: f.t.admin)
            if extraRows > 0 {
                try f.store.pool.write { db in
                    try db.execute(sql: """
                        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
                        INSERT INTO blacklist (kind, value, added_by, added_at) SELECT 'device', 'filler-' || i, 'test', '2026-11-23 08:00:00.000' FROM n
                        """, arguments: [extraRows])
                }
            }
            let orders: [(String, String, String, String)] = [
                ("K1", "10.6.6.6", "u1", "d1"),          // blacklisted IP
                ("K2", "10.6.6.7", "mallory", "d2"),     // blacklisted buyer
                ("K3", "10.0.0.3", "u3", "caf\u{E9}"),   // blacklisted device, precomposed é as listed
                ("K4", "10.0.0.4", "u4", "cafe\u{301}"), // the same text decomposed: other bytes, not listed
                ("K5", "10.0.0.5", "10.6.6.6", "mallory"), // listed values under another kind
                ("K6", "10.0.0.6", "Mallory", "d6"),     // case differs
            ]
            _ = try f.ingest(orders.enumerated().map { i, o in f.line(f.order(o.0, buyer: o.2, ip: o.1, device: o.3, at: Double(i) * 700)) })
            return try orders.map { o in
                let reasons: String = try #require(try f.orderRow(o.0))["risk_reasons"]
                return BlacklistKind.allCases.filter { reasons.contains("blacklisted_\($0.rawValue)") }.map(\.rawValue).joined(separator: ",")
            }
        }
        let small = try findings(extraRows: 0)
        #expect(small == ["ip", "buyer", "device", "", "", ""])
        #expect(try findings(extraRows: IntakeGroup.blacklistInMemory) == small)
    }

    @Test("heartbeats become substation signals, once per instant")
    func heartbeats() throws {
        let f = try IntakeFixture()
        let summary = try f.ingest([f.line(f.heartbeat(at: 60, failures: 7)), f.line(f.heartbeat(at: 60, failures: 7)), f.line(f.heartbeat(at: 120))])
        #expect(summary.heartbeats.accepted == 2 && summary.heartbeats.duplicate == 1)
        let row = try #require(try f.store.pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM substation_signals ORDER BY at LIMIT 1") })
        #expect((row["callback_failures"] as Int?) == 7 && (row["at"] as String?) == "2026-11-23 08:01:00.000" && (row["delivery_p95_ms"] as Int?) == 800)
    }

    @Test("only staff with the ingest permission may ingest")
    func permission() throws {
        let f = try IntakeFixture()
        let support = try f.t.addStaff("bob", role: .support)
        #expect(throws: StoreError.self) { try f.ingest([f.line(f.order("N1"))], by: support) }
        #expect(try f.count("SELECT count(*) FROM orders") == 0)
    }
}
