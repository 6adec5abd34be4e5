import Foundation
import KamengDomain
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage
import Testing

/// The store behind the console's risk queue, order search and alerts pane, on a real SQLite file.
@Suite("risk review, order search, stock alerts")
struct ReviewAndAlertsTests {
    @Test func heldOrdersAreApprovedAndDeliveredOrRejectedByPaymentState() throws {
        let t = try TestStore()
        let product = try t.addProduct()
        let station = try t.addSubstation()
        try t.importKeys(["K-1", "K-2", "K-3"])
        var paid = t.order("HELD-PAID", product: product, station: station)
        paid.riskScore = 90
        let paidId = try t.store.createOrder(paid)
        _ = try t.store.recordPayment(orderId: paidId, amount: paid.amount, method: .alipay, txn: "T-1")
        try t.rawExecute("UPDATE orders SET status = 'flagged', risk_score = 90 WHERE id = \(paidId)")
        let unpaidId = try t.store.createOrder(t.order("HELD-UNPAID", product: product, station: station))
        try t.rawExecute("UPDATE orders SET status = 'flagged', risk_score = 70 WHERE id = \(unpaidId)")
        let lowId = try t.store.createOrder(t.order("HELD-LOW", product: product, station: station))
        try t.rawExecute("UPDATE orders SET status = 'flagged', risk_score = 95 WHERE id = \(lowId)")

        #expect(try t.store.heldOrders().map(\.order.orderNo) == ["HELD-LOW", "HELD-PAID", "HELD-UNPAID"])
        let outcome = try t.store.approveAndDeliver(orderId: paidId, note: "called the buyer", by: t.admin)
        guard case .delivered(let keys)? = outcome else { Issue.record("not delivered: \(String(describing: outcome))"); return }
        #expect(keys.count == 1)
        #expect(try t.store.order(id: paidId).status == .delivered)

        try t.store.rejectHeld(orderId: unpaidId, note: "farm", by: t.admin, stepUp: nil)
        #expect(try t.store.order(id: unpaidId).status == .cancelled)
        #expect(throws: StoreError.self) { try t.store.rejectHeld(orderId: unpaidId, by: t.admin, stepUp: nil) }

        try t.store.annotateOrder(orderId: lowId, note: "asked for ID", by: t.admin)
        try t.store.annotateOrder(orderId: lowId, note: "", escalate: true, by: t.admin)
        #expect(throws: StoreError.self) { try t.store.annotateOrder(orderId: lowId, note: "  ", by: t.admin) }
        let history = try t.store.orderHistory(orderNo: "HELD-LOW").map(\.action)
        #expect(history == ["order.note", "order.escalate"])
        #expect(try t.store.verifyAudit(by: t.admin) == .intact(rows: try t.store.auditTail(limit: 1000, by: t.admin).count))
    }

    @Test func onCallMayNoteButNotApproveAPaidOrderItCannotDeliver() throws {
        let t = try TestStore()
        let product = try t.addProduct()
        let station = try t.addSubstation()
        try t.importKeys(["K-1"])
        let id = try t.store.createOrder(t.order("H-1", product: product, station: station))
        _ = try t.store.recordPayment(orderId: id, amount: Money(fen: 9_900), method: .alipay, txn: "T-9")
        try t.rawExecute("UPDATE orders SET status = 'flagged' WHERE id = \(id)")
        let oncall = try t.addStaff("olga", role: .oncall)
        try t.store.annotateOrder(orderId: id, note: "looked at 3 a.m.", by: oncall)
        #expect(throws: StoreError.self) { try t.store.approveAndDeliver(orderId: id, by: oncall) }
        #expect(try t.store.order(id: id).status == .flagged, "nothing changed")
        let support = try t.addStaff("sam", role: .support)
        _ = try t.store.approveAndDeliver(orderId: id, by: support)
        #expect(try t.store.order(id: id).status == .delivered)
    }

    @Test func searchMatchesExactWordsAndNarrowsByStatusAndProduct() throws {
        let t = try TestStore()
        let product = try t.addProduct()
        let other = try t.addProduct(sku: "IQY-M")
        let station = try t.addSubstation()
        for i in 0..<5 {
            var order = t.order("S-\(i)", product: i < 3 ? product : other, station: station)
            order.buyer = i % 2 == 0 ? "even" : "odd"
            order.ip = "10.1.1.\(i)"
            try t.store.createOrder(order)
        }
        #expect(try t.store.searchOrders(OrderQuery.parse("S-3")).map(\.order.orderNo) == ["S-3"])
        #expect(Set(try t.store.searchOrders(OrderQuery.parse("even")).map(\.order.orderNo)) == ["S-0", "S-2", "S-4"])
        #expect(try t.store.searchOrders(OrderQuery.parse("even sku:IQY-M")).map(\.order.orderNo) == ["S-4"])
        #expect(try t.store.searchOrders(OrderQuery.parse("10.1.1.1 status:delivered")).isEmpty)
        #expect(try t.store.searchOrders(OrderQuery.parse("eve")).isEmpty, "words match exactly, not as prefixes")
        let first = try t.store.searchOrders(OrderQuery.parse("even"), limit: 2)
        let last = first.last!.order
        let rest = try t.store.searchOrders(OrderQuery.parse("even"), after: OrderCursor(createdAt: last.createdAt, id: last.id!), limit: 2)
        #expect(first.count == 2 && rest.count == 1 && Set((first + rest).map(\.order.orderNo)).count == 3)
    }

    @Test func acknowledgementsThresholdsAndDailySales() throws {
        let t = try TestStore()
        let product = try t.addProduct(threshold: 10)
        let station = try t.addSubstation()
        try t.importKeys(["A-1", "A-2", "A-3", "A-4"])
        let now = Date()
        for i in 0..<2 {
            let id = try t.store.createOrder(t.order("D-\(i)", product: product, station: station))
            _ = try t.store.payAndDeliver(orderId: id, amount: Money(fen: 9_900), method: .wechat, txn: "TX-\(i)", now: now)
        }
        let sales = try t.store.dailySales(days: 7, now: now)
        #expect(sales["QQ-100"] == [0, 0, 0, 0, 0, 0, 2])

        try t.store.acknowledgeStockAlert(sku: "QQ-100", by: t.admin, now: now)
        let ack = try #require(try t.store.stockAlertAcks()["QQ-100"])
        #expect(ack.availableAtAck == 2 && ack.snoozedUntil == nil && ack.by == t.admin.userName)
        try t.store.acknowledgeStockAlert(sku: "QQ-100", snoozeUntil: now.addingTimeInterval(86_400), by: t.admin, now: now)
        #expect(try t.store.stockAlertAcks()["QQ-100"]?.snoozedUntil != nil)

        try t.store.setLowStockThreshold(sku: "QQ-100", to: 3, by: t.admin)
        #expect(try t.store.product(sku: "QQ-100").lowStockThreshold == 3)
        #expect(throws: StoreError.self) { try t.store.setLowStockThreshold(sku: "QQ-100", to: -1, by: t.admin) }
        let support = try t.addStaff("sam", role: .support)
        #expect(throws: StoreError.self) { try t.store.acknowledgeStockAlert(sku: "QQ-100", by: support) }
        let actions = try t.store.auditTail(limit: 10, by: t.admin).map(\.action)
        #expect(actions.contains("alert.acknowledge") && actions.contains("alert.snooze") && actions.contains("product.threshold"))
        #expect(actions.first == "denied", "support's refused acknowledgement is audited")
    }
}
