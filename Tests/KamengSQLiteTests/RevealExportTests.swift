import Foundation
import GRDB
import KamengDomain
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage
import KamengVault

/// The audited ways a secret leaves the vault: reveal (one order, a reason, a code, a rate limit) and
/// export (CSV with formula guarding); and refunds with their step-up threshold.
@Suite("Reveal, export and refund")
struct RevealExportTests {
    /// Two delivered orders (D1 with two keys, D2 with one) and one undelivered key left in batch 1.
    func world() throws -> (TestStore, d1: Int64, d2: Int64) {
        let t = try TestStore()
        let product = try t.addProduct()
        let station = try t.addSubstation()
        try t.importKeys(["=HYPERLINK(\"x\")", "SECRET-TWO-222", "SECRET-3", "LEFT-OVER-4"], numbers: ["8800001111", "8800002222", "8800003333", "8800004444"])
        let d1 = try t.store.createOrder(t.order("D1", product: product, station: station, quantity: 2))
        _ = try t.store.payAndDeliver(orderId: d1, amount: Money(fen: 19_800), method: .alipay, txn: "T1")
        let d2 = try t.store.createOrder(t.order("D2", product: product, station: station))
        _ = try t.store.payAndDeliver(orderId: d2, amount: Money(fen: 9_900), method: .alipay, txn: "T2")
        return (t, d1, d2)
    }

    @Test("a reveal opens the order's keys and writes exactly one audit row with the reason and no secret")
    func reveal() throws {
        let (t, d1, _) = try world()
        let (code, now) = try t.stepUp(t.admin)
        let before = try t.store.auditTail(limit: 1).first!.id
        let keys = try t.store.revealKeys(orderId: d1, reason: "  ticket 4711 buyer says empty  ", by: t.admin, stepUp: code, now: now)
        #expect(keys.map(\.secret) == ["=HYPERLINK(\"x\")", "SECRET-TWO-222"])
        #expect(keys.map(\.number) == ["8800001111", "8800002222"])
        let rows = try t.store.auditTail(limit: 10).filter { $0.id > before }
        #expect(rows.count == 1)
        #expect(rows.first?.action == "key.reveal" && rows.first?.target == "order:D1")
        #expect(rows.first?.detail == "keys #1 #2; reason: ticket 4711 buyer says empty")
    }

    @Test("a reveal needs a reason a person can be held to", arguments: ["", "  ", "ok", "line\nbreak", "\u{1B}[2J ticket"])
    func reasonRequired(reason: String) throws {
        let (t, d1, _) = try world()
        let (code, now) = try t.stepUp(t.admin)
        let error = #expect(throws: StoreError.self) { _ = try t.store.revealKeys(orderId: d1, reason: reason, by: t.admin, stepUp: code, now: now) }
        #expect(error?.description.hasPrefix("reason:") == true)
    }

    @Test("reveals are limited per person per hour, counted from the audit log")
    func rateLimit() throws {
        let (t, d1, d2) = try world()
        var (code, now) = try t.stepUp(t.admin)
        try t.store.setSecuritySettings(SecuritySettings(refundStepUpAbove: Money(fen: 20_000), revealsPerHour: 2), by: t.admin, stepUp: code, now: now)
        for order in [d1, d2] {
            (code, now) = try t.stepUp(t.admin)
            _ = try t.store.revealKeys(orderId: order, reason: "ticket 1", by: t.admin, stepUp: code, now: now)
        }
        #expect(try t.store.revealsLeft(for: t.admin, now: now) == 0)
        (code, now) = try t.stepUp(t.admin)
        let error = #expect(throws: StoreError.self) { _ = try t.store.revealKeys(orderId: d1, reason: "ticket 1", by: t.admin, stepUp: code, now: now) }
        guard case .revealLimit(user: "alice", used: 2, limit: 2)? = error else { Issue.record("expected the hourly limit, got \(String(describing: error))"); return }
        // Another person has their own allowance.
        let sam = try t.addStaff("sam", role: .support)
        let (samCode, samNow) = try t.stepUp(sam)
        #expect(try t.store.revealKeys(orderId: d1, reason: "ticket 2", by: sam, stepUp: samCode, now: samNow).count == 2)
        // An hour later the admin may reveal again.
        let later = now.addingTimeInterval(3_700)
        let secret = try #require(t.totpSecret("alice"))
        #expect(try t.store.revealKeys(orderId: d1, reason: "ticket 3", by: t.admin, stepUp: TOTP.code(secret: secret, at: later), now: later).count == 2)
    }

    @Test("masks do not depend on the key: deliveredKeys carries no secret, only the 4-character hint")
    func masks() throws {
        let (t, d1, _) = try world()
        let keys = try t.store.deliveredKeys(orderId: d1)
        #expect(keys.map(\.numberHint) == ["1111", "2222"])
        #expect(CardKey.secretMask.count == 12)
    }

    @Test("export of an order's keys: step-up, one audit row, CSV with formulas neutralised")
    func exportOrder() throws {
        let (t, d1, _) = try world()
        #expect(throws: StoreError.self) { _ = try t.store.exportKeys(.order(id: d1), reason: "dispute 9", by: t.admin, stepUp: nil) }
        let (code, now) = try t.stepUp(t.admin)
        let keys = try t.store.exportKeys(.order(id: d1), reason: "dispute 9", by: t.admin, stepUp: code, now: now)
        let csv = CSVExport.document(header: ExportedKey.csvHeader, rows: keys.map(\.csvRow))
        let lines = csv.components(separatedBy: "\r\n")
        #expect(lines[0] == "key_id,batch,sku,order_no,status,number,secret,expires_at_utc")
        #expect(lines[1] == "1,1,QQ-100,D1,sold,8800001111,\"'=HYPERLINK(\"\"x\"\")\",")
        #expect(lines[2] == "2,1,QQ-100,D1,sold,8800002222,SECRET-TWO-222,")
        let audit = try #require(try t.store.auditTail(limit: 1).first)
        #expect(audit.action == "keys.export" && audit.target == "order:D1" && audit.detail == "2 key(s); reason: dispute 9")
    }

    @Test("export of a batch takes only its unsold keys (a supplier return)")
    func exportBatch() throws {
        let (t, _, _) = try world()
        let (code, now) = try t.stepUp(t.admin)
        let keys = try t.store.exportKeys(.batch(id: 1), reason: "return to supplier", by: t.admin, stepUp: code, now: now)
        #expect(keys.map(\.secret) == ["LEFT-OVER-4"])
    }

    @Test("CSV cells that would run as formulas are neutralised", arguments: [
        ("=1+1", "'=1+1"), ("+86 138", "'+86 138"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
        ("\rx", "\"'\rx\""), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""), ("plain-1=2", "plain-1=2"), ("", ""),
    ])
    func formulaGuard(cell: String, expected: String) {
        #expect(CSVExport.field(cell) == expected)
    }

    @Test("refunds: below the threshold no code, above it a code; the status machine holds; audited")
    func refunds() throws {
        let (t, d1, d2) = try world()
        var (code, now) = try t.stepUp(t.admin)
        try t.store.setSecuritySettings(SecuritySettings(refundStepUpAbove: Money(fen: 10_000), revealsPerHour: 20), by: t.admin, stepUp: code, now: now)
        try t.store.refund(orderId: d2, by: t.admin, stepUp: nil)                        // ¥99 ≤ ¥100
        #expect(throws: StoreError.stepUpRequired(action: "a refund above ¥100.00")) { try t.store.refund(orderId: d1, by: t.admin, stepUp: nil) }
        (code, now) = try t.stepUp(t.admin)
        try t.store.refund(orderId: d1, by: t.admin, stepUp: code, now: now)             // ¥198 > ¥100
        #expect(try t.store.order(id: d1).status == .refunded)
        #expect(throws: StoreError.self) { try t.store.refund(orderId: d2, by: t.admin, stepUp: nil) }   // refunded is terminal
        let pending = try t.store.createOrder(t.order("P9", product: try t.store.product(sku: "QQ-100"), station: try t.store.substations()[0]))
        #expect(throws: StoreError.self) { try t.store.refund(orderId: pending, by: t.admin, stepUp: nil) }  // nothing was paid
        let refunds = try t.store.auditTail(limit: 20).filter { $0.action == "order.refund" }.map(\.detail)
        #expect(refunds == ["¥198.00 from delivered; step-up", "¥99.00 from delivered"])
        #expect(try t.store.deliveredKeyIds(orderId: d1).count == 2, "refunded keys stay bound to their order")
    }
}
