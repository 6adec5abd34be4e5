import Foundation
import Testing
import KamengDomain

private let created = Date(timeIntervalSince1970: 1_700_000_000)
private let t1 = Date(timeIntervalSince1970: 1_700_000_100)
private let t2 = Date(timeIntervalSince1970: 1_700_000_200)
private let t3 = Date(timeIntervalSince1970: 1_700_000_300)
private let t4 = Date(timeIntervalSince1970: 1_700_000_400)

private func makeOrder(status: OrderStatus = .pending, orderNo: String = "ORD-0001", quantity: Int = 1,
                       amountFen: Int64 = 1000, paidAt: Date? = nil, deliveredAt: Date? = nil) -> Order {
    Order(orderNo: orderNo, substationId: 1, buyer: "buyer@example.com", ip: "10.0.0.1", device: "ios",
          productId: 7, quantity: quantity, amount: Money(fen: amountFen), status: status,
          createdAt: created, paidAt: paidAt, deliveredAt: deliveredAt)
}

@Suite("Order")
struct OrderTests {
    @Test("a new order defaults to pending with no stamps")
    func defaults() {
        let order = makeOrder()
        #expect(order.status == .pending)
        #expect(order.paidAt == nil)
        #expect(order.deliveredAt == nil)
        #expect(order.riskScore == 0)
        #expect(order.riskFindings.isEmpty)
        #expect(order.paymentMethod == nil)
        #expect(order.id == nil)
    }

    @Test("move follows the expected table for every pair",
          arguments: OrderStatus.allCases, OrderStatus.allCases)
    func moveEveryPair(from: OrderStatus, to: OrderStatus) throws {
        let earlier = Date(timeIntervalSince1970: 1_600_000_000)
        let paidAt: Date? = from == .pending ? nil : earlier
        var order = makeOrder(status: from, paidAt: paidAt)
        if orderMoveAllowed(from, to) {
            try order.move(to: to, at: t1)
            #expect(order.status == to)
            #expect(order.paidAt == (to == .paid && paidAt == nil ? t1 : paidAt))
            #expect(order.deliveredAt == (to == .delivered ? t1 : nil))
        } else {
            #expect(throws: DomainError.illegalTransition(order: "ORD-0001", from: from, to: to)) {
                try order.move(to: to, at: t1)
            }
            #expect(order.status == from, "status must be unchanged after a refused move")
            #expect(order.paidAt == paidAt)
            #expect(order.deliveredAt == nil)
        }
    }

    @Test("first payment stamps paidAt only")
    func stampsPaidAt() throws {
        var order = makeOrder()
        try order.move(to: .paid, at: t1)
        #expect(order.paidAt == t1)
        #expect(order.deliveredAt == nil)
    }

    @Test("paidAt is not overwritten by a later return to paid")
    func paidAtKept() throws {
        var order = makeOrder()
        try order.move(to: .paid, at: t1)
        try order.move(to: .flagged, at: t2)
        #expect(order.paidAt == t1)
        try order.move(to: .paid, at: t3)
        #expect(order.status == .paid)
        #expect(order.paidAt == t1)
        try order.move(to: .flagged, at: t3)
        try order.move(to: .pending, at: t3)
        try order.move(to: .paid, at: t4)
        #expect(order.paidAt == t1)
    }

    @Test("an approved hold of an unpaid order stamps paidAt when it is paid")
    func paidAfterFlag() throws {
        var order = makeOrder()
        try order.move(to: .flagged, at: t1)
        #expect(order.paidAt == nil)
        try order.move(to: .paid, at: t2)
        #expect(order.paidAt == t2)
    }

    @Test("delivery stamps deliveredAt and keeps paidAt")
    func stampsDeliveredAt() throws {
        var order = makeOrder()
        try order.move(to: .paid, at: t1)
        try order.move(to: .delivered, at: t2)
        #expect(order.deliveredAt == t2)
        #expect(order.paidAt == t1)
        try order.move(to: .refunded, at: t3)
        #expect(order.status == .refunded)
        #expect(order.deliveredAt == t2)
        #expect(order.paidAt == t1)
    }

    @Test("delivery after waiting for stock stamps deliveredAt")
    func deliveredFromAwaitingStock() throws {
        var order = makeOrder()
        try order.move(to: .paid, at: t1)
        try order.move(to: .awaitingStock, at: t2)
        #expect(order.deliveredAt == nil)
        try order.move(to: .delivered, at: t3)
        #expect(order.deliveredAt == t3)
        #expect(order.paidAt == t1)
    }

    @Test("moves that are neither paid nor delivered stamp nothing", arguments: [
        [OrderStatus.flagged, .cancelled], [.cancelled], [.flagged, .refunded], [.flagged, .pending],
    ])
    func noStamps(path: [OrderStatus]) throws {
        var order = makeOrder()
        for (i, next) in path.enumerated() {
            try order.move(to: next, at: Date(timeIntervalSince1970: 1_700_001_000 + Double(i)))
        }
        #expect(order.status == path.last)
        #expect(order.paidAt == nil)
        #expect(order.deliveredAt == nil)
    }

    @Test("a refused move reports the order, from and to")
    func errorDescription() {
        var order = makeOrder(status: .delivered, orderNo: "X-9", paidAt: t1, deliveredAt: t2)
        do {
            try order.move(to: .paid, at: t3)
            Issue.record("delivered → paid must be refused")
        } catch {
            #expect(error == .illegalTransition(order: "X-9", from: .delivered, to: .paid))
            #expect(error.description == "order X-9: cannot go from delivered to paid")
        }
        #expect(order.status == .delivered)
        #expect(order.paidAt == t1)
        #expect(order.deliveredAt == t2)
    }

    @Test("terminal orders refuse every move", arguments: [OrderStatus.refunded, .cancelled], OrderStatus.allCases)
    func terminalRefuses(from: OrderStatus, to: OrderStatus) {
        var order = makeOrder(status: from)
        #expect(throws: DomainError.self) { try order.move(to: to, at: t1) }
        #expect(order.status == from)
    }

    // MARK: validation

    @Test("valid order numbers", arguments: [
        "A", "ORD-2024_0001", "abcXYZ019", "-", "_", String(repeating: "a", count: 64),
    ])
    func validOrderNo(text: String) {
        #expect(Order.isValidOrderNo(text))
    }

    @Test("invalid order numbers", arguments: [
        "", String(repeating: "a", count: 65), "ORD 1", "ORD.1", "订单1", "ab/c", "a\n", "é", "ORD#1", " ORD1",
        "ORD1 ", "ａ",
    ])
    func invalidOrderNo(text: String) {
        #expect(!Order.isValidOrderNo(text))
    }

    @Test("a well-formed order has no problems")
    func validOrder() {
        #expect(makeOrder().validationProblems.isEmpty)
        #expect(makeOrder(amountFen: 0).validationProblems.isEmpty)
    }

    @Test("quantity must be 1…1000", arguments: [
        (-1, false), (0, false), (1, true), (2, true), (999, true), (1000, true), (1001, false), (Int.max, false),
    ])
    func quantityBounds(quantity: Int, ok: Bool) {
        let problems = makeOrder(quantity: quantity).validationProblems
        #expect(problems.isEmpty == ok)
        #expect(problems.filter { $0.hasPrefix("quantity") }.count == (ok ? 0 : 1))
        #expect(problems.count == (ok ? 0 : 1))
    }

    @Test("each broken rule is reported once")
    func eachProblem() {
        #expect(makeOrder(amountFen: -1).validationProblems.map { $0.prefix(7) } == ["amount:"])
        #expect(makeOrder(orderNo: "bad no").validationProblems.map { $0.prefix(8) } == ["orderNo:"])
        let all = makeOrder(orderNo: "", quantity: 0, amountFen: -5).validationProblems
        #expect(all.count == 3)
        #expect(all.contains { $0.hasPrefix("orderNo") })
        #expect(all.contains { $0.hasPrefix("quantity") })
        #expect(all.contains { $0.hasPrefix("amount") })
    }
}
