import Foundation
import KamengDomain
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage

@Suite("Ledger statements")
struct LedgerStatementTests {
    let day = { (text: String) in BusinessDay(text)! }

    /// A parent and a child substation, a product, and postings before, inside and after 2026-11-10…11-20.
    func books() throws -> (TestStore, Product) {
        let t = try TestStore()
        let product = try t.addProduct()
        _ = try t.store.addSubstation(Substation(code: "parent", name: "总站", domain: "parent.example.cn", commissionBasisPoints: 1_000, createdAt: Date()),
                                      parentCode: nil, by: t.admin)
        let child = try t.store.addSubstation(Substation(code: "child", name: "分站", domain: "child.example.cn", commissionBasisPoints: 500, createdAt: Date()),
                                              parentCode: "parent", by: t.admin).0
        let charge = OrderCharge(quantity: 1, retail: product.prices.retail, unitCost: product.cost, commissionBasisPoints: 500, parentBasisPoints: 1_000)
        try t.plantTopUp("child", 100_000, reference: "BANK-1", at: TestStore.utc("2026-11-01 02:00:00"))
        for (n, time) in ["2026-11-05 10:00:00", "2026-11-09 16:00:00", "2026-11-12 03:00:00", "2026-11-20 15:59:59",
                          "2026-11-20 16:00:00", "2026-11-25 08:00:00"].enumerated() {
            let at = TestStore.utc(time)
            let id = try t.deliveredOrder("S\(n)", product: product, station: child, at: at)
            try t.plantCharge(orderId: id, charge, station: "child", parent: "parent", product: product, at: at)
            if n == 2 {
                try t.store.pool.write { db in try db.execute(sql: "UPDATE orders SET status = 'refunded' WHERE id = ?", arguments: [id]) }
                try t.plantRefund(orderId: id, charge, station: "child", parent: "parent", product: product, at: at.addingTimeInterval(3_600))
            }
        }
        try t.plantTopUp("child", 20_000, reference: "=cmd|' /C calc'!A0", at: TestStore.utc("2026-11-15 01:00:00"))
        return (t, product)
    }

    @Test("opening + the lines = closing per account; only the days' entries (UTC+8 edges); running balances")
    func totals() throws {
        let (t, _) = try books()
        let s = try t.store.statement(substation: "child", days: BusinessDays(from: day("2026-11-10"), to: day("2026-11-20")))
        let charge: Int64 = 9_900 - 495
        // Before 11-10 (UTC+8): the top-up, and the charges of 11-05 and 11-09 16:00 UTC (11-10 00:00 UTC+8 is inside).
        #expect(s.prepaid.opening == Money(fen: 100_000 - charge))
        // Inside, in entry order: 11-10 00:00 charge, 11-12 charge and its refund, 11-20 15:59:59 UTC (23:59:59 UTC+8),
        // and the 11-15 top-up booked last.
        #expect(s.prepaid.lines.map(\.kind) == [.charge, .charge, .refund, .charge, .topUp])
        #expect(s.prepaid.closing - s.prepaid.opening == s.prepaid.total)
        #expect(s.prepaid.total == Money(fen: -3 * charge + charge + 20_000))
        var running = s.prepaid.opening
        for line in s.prepaid.lines {
            running = running + line.amount
            #expect(line.balanceAfter == running)
        }
        #expect(s.prepaid.lines.first?.orderNo == "S1" && s.prepaid.lines[4].reference == "=cmd|' /C calc'!A0")
        // The child has no commission of its own here; the parent's statement has the overrides.
        #expect(s.commissionPayable.lines.isEmpty && s.commissionPayable.opening == .zero)
        let p = try t.store.statement(substation: "parent", days: BusinessDays(from: day("2026-11-01"), to: day("2026-11-30")))
        #expect(p.commissionPayable.lines.count == 7)
        #expect(p.commissionPayable.closing == Money(fen: 5 * 495) && p.commissionPayable.closing - p.commissionPayable.opening == p.commissionPayable.total)
        // The closing of a statement up to today is the running balance.
        let all = try t.store.statement(substation: "child", days: BusinessDays(from: day("2026-10-01"), to: BusinessDay(containing: Date())))
        let balance = try t.store.balances(substation: "child")[0].balance
        #expect(all.prepaid.opening == .zero && all.prepaid.closing == balance)
    }

    @Test("an unknown substation and reversed days are refused, naming them")
    func refusals() throws {
        let (t, _) = try books()
        #expect(throws: StoreError.notFound(.substation(code: "nope"))) {
            try t.store.statement(substation: "nope", days: BusinessDays(from: day("2026-11-01"), to: day("2026-11-02")))
        }
        #expect(throws: StoreError.invalidField(field: "to", rule: "on or after from (2026-11-02)")) {
            try t.store.statement(substation: "child", days: BusinessDays(from: day("2026-11-02"), to: day("2026-11-01")))
        }
    }

    @Test("the CSV has the opening, one row per posting and the closing; text cells formula-guarded, amounts not")
    func csv() throws {
        let (t, _) = try books()
        let s = try t.store.statement(substation: "child", days: BusinessDays(from: day("2026-11-10"), to: day("2026-11-20")))
        let rows = s.csv().components(separatedBy: "\r\n").dropLast()
        #expect(rows.count == 1 + 2 + s.prepaid.lines.count + 2 + s.commissionPayable.lines.count)
        #expect(rows.first == LedgerStatement.exportHeader.joined(separator: ","))
        #expect(rows[1] == "prepaid,,2026-11-10 00:00:00,opening,,,,\(s.prepaid.opening.yuanString)")
        #expect(rows.contains { $0.hasSuffix(",topup,,'=cmd|' /C calc'!A0,200.00,\(s.prepaid.lines[4].balanceAfter.yuanString)") }, "\(rows)")
        #expect(rows.contains { $0.contains(",charge,S1,,-94.05,") })
        #expect(rows[2 + s.prepaid.lines.count] == "prepaid,,2026-11-21 00:00:00,closing,,,\(s.prepaid.total.yuanString),\(s.prepaid.closing.yuanString)")
    }
}
