import Foundation
import GRDB
import KamengDomain
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage

/// The funds rule and `below_cost` on the intake's path (signed lines, grouped writes).
@Suite("Ledger funds at intake")
struct LedgerFundsTests {
    @Test("an amount-0 order from a funded substation is held with below_cost, hands out no key and charges nothing")
    func belowCost() throws {
        let f = try IntakeFixture(fundsRequired: true)
        _ = try f.store.topUp(substation: "sh-a", amount: Money(fen: 1_000_000), reference: "B1", actor: "alice")
        let summary = try f.ingest([f.line(f.order("Z1", quantity: 5, amount: 0)), f.line(f.payment("Z1", amount: 0))])
        #expect(summary.flagged == 1)
        #expect(summary.delivered == 0)
        let row = try #require(try f.orderRow("Z1"))
        #expect(row["status"] as String == "flagged")
        #expect((row["risk_reasons"] as String).contains("below_cost"))
        #expect(try f.count("SELECT count(*) FROM card_keys WHERE order_id IS NOT NULL") == 0)
        #expect(try f.count("SELECT count(*) FROM ledger_entries WHERE kind = 'charge'") == 0)
        // Whether or not funds are enforced.
        try f.t.rawExecute("UPDATE substations SET funds_required = 0")
        try f.ingest([f.line(f.order("Z2", amount: 1)), f.line(f.payment("Z2", amount: 1))])
        #expect((try #require(try f.orderRow("Z2")))["status"] as String == "flagged")
        // A full-price order is not flagged.
        try f.ingest([f.line(f.order("Z3")), f.line(f.payment("Z3"))])
        #expect((try #require(try f.orderRow("Z3")))["status"] as String == "delivered")
        #expect(try LedgerFacts.problems(f.store) == [])
    }

    @Test("grouped intake: orders the funds cover are delivered and charged, the rest wait in awaiting_funds; a top-up releases them oldest paid first")
    func intakeFunds() throws {
        let f = try IntakeFixture(fundsRequired: true)
        // ¥99.00 at 5 % = ¥94.05 a key: ¥200.00 covers two orders of one key.
        _ = try f.store.topUp(substation: "sh-a", amount: Money(fen: 20_000), reference: "B1", actor: "alice")
        var lines: [String] = []
        for n in 1...4 { lines += [f.line(f.order("A\(n)", at: Double(n))), f.line(f.payment("A\(n)", at: Double(n) + 0.5))] }
        let summary = try f.ingest(lines)
        #expect(summary.delivered == 2)
        #expect(summary.awaitingFunds == 2)
        for (no, status) in [("A1", "delivered"), ("A2", "delivered"), ("A3", "awaiting_funds"), ("A4", "awaiting_funds")] {
            #expect((try #require(try f.orderRow(no)))["status"] as String == status)
        }
        #expect(try f.count("SELECT count(*) FROM ledger_entries WHERE kind = 'charge'") == 2)
        #expect(try f.count("SELECT balance_fen FROM ledger_accounts a JOIN substations s ON s.id = a.substation_id WHERE s.code = 'sh-a' AND a.kind = 'prepaid'")
                == 20_000 - 2 * 9_405)
        #expect(try f.count("SELECT orders FROM ledger_daily") == 2)
        #expect(try f.count("SELECT count(*) FROM audit_log WHERE action = 'intake.group' AND detail LIKE '%awaiting-funds 2: A3 A4%'") == 1)
        // ¥100.00 more: 11.90 + 100 covers A3 only (oldest paid first), A4 keeps waiting.
        let change = try f.store.topUp(substation: "sh-a", amount: Money(fen: 10_000), reference: "B2", actor: "alice")
        #expect(change.delivered == ["A3"])
        #expect(change.balance.awaitingFunds == 1)
        // The line-by-line path (a payment for an order stored in an earlier group) checks funds the same way.
        try f.ingest([f.line(f.order("A5", at: 10))])
        let late = try f.ingest([f.line(f.payment("A5", at: 11))])
        #expect(late.awaitingFunds == 1)
        #expect(try LedgerFacts.problems(f.store) == [])
    }

    @Test("without funds required the intake delivers and charges everything, the balance going negative")
    func fundsOff() throws {
        let f = try IntakeFixture()
        var lines: [String] = []
        for n in 1...3 { lines += [f.line(f.order("B\(n)", at: Double(n)), from: "sh-b"), f.line(f.payment("B\(n)", at: Double(n) + 0.5), from: "sh-b")] }
        let summary = try f.ingest(lines)
        #expect(summary.delivered == 3)
        #expect(try f.count("SELECT balance_fen FROM ledger_accounts a JOIN substations s ON s.id = a.substation_id WHERE s.code = 'sh-b' AND a.kind = 'prepaid'")
                == -3 * 9_405)
        #expect(try LedgerFacts.problems(f.store) == [])
    }
}
