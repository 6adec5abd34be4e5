import Foundation
import Testing
import KamengDomain

/// The order status machine written out by hand, independently of `OrderStatus.successors`.
/// Pairs are "from>to" in the stored raw values.
let expectedOrderTransitions: Set<String> = [
    "pending>paid", "pending>flagged", "pending>cancelled",
    "paid>delivered", "paid>awaiting_stock", "paid>flagged", "paid>refunded",
    "flagged>paid", "flagged>pending", "flagged>refunded", "flagged>cancelled",
    "awaiting_stock>delivered", "awaiting_stock>refunded", "paid>awaiting_funds", "awaiting_stock>awaiting_funds",
    "awaiting_funds>delivered", "awaiting_funds>refunded", "awaiting_funds>awaiting_stock",
    "delivered>refunded",
]

func orderMoveAllowed(_ from: OrderStatus, _ to: OrderStatus) -> Bool {
    expectedOrderTransitions.contains("\(from.rawValue)>\(to.rawValue)")
}

/// Declaration order of the cases, written out so the table above is known to cover every status.
let expectedOrderStatusRawValues = ["pending", "paid", "flagged", "awaiting_stock", "awaiting_funds", "delivered", "refunded", "cancelled"]

@Suite("OrderStatus")
struct OrderStatusTests {
    @Test("the cases are exactly the eight statuses the table covers")
    func allCasesAreKnown() {
        #expect(OrderStatus.allCases.map(\.rawValue) == expectedOrderStatusRawValues)
        #expect(OrderStatus.awaitingStock.rawValue == "awaiting_stock")
    }

    @Test("the table itself only names real statuses")
    func tableNamesRealStatuses() throws {
        for pair in expectedOrderTransitions {
            let parts = pair.split(separator: ">").map(String.init)
            try #require(parts.count == 2)
            #expect(OrderStatus(rawValue: parts[0]) != nil, "unknown from in \(pair)")
            #expect(OrderStatus(rawValue: parts[1]) != nil, "unknown to in \(pair)")
        }
        #expect(expectedOrderTransitions.count == 19)
    }

    @Test("canMove matches the expected table for every pair",
          arguments: OrderStatus.allCases, OrderStatus.allCases)
    func canMove(from: OrderStatus, to: OrderStatus) {
        #expect(from.canMove(to: to) == orderMoveAllowed(from, to), "\(from.rawValue) → \(to.rawValue)")
        #expect(from.successors.contains(to) == orderMoveAllowed(from, to))
    }

    @Test("no status may move to itself", arguments: OrderStatus.allCases)
    func noSelfLoops(status: OrderStatus) {
        #expect(!status.canMove(to: status))
    }

    @Test("predecessors match the expected table, in declaration order", arguments: OrderStatus.allCases)
    func predecessorsMatchTable(target: OrderStatus) {
        let expected = expectedOrderStatusRawValues.filter {
            expectedOrderTransitions.contains("\($0)>\(target.rawValue)")
        }
        #expect(target.predecessors.map(\.rawValue) == expected)
    }

    @Test("predecessors and successors describe the same edges",
          arguments: OrderStatus.allCases, OrderStatus.allCases)
    func predecessorsConsistentWithSuccessors(a: OrderStatus, b: OrderStatus) {
        #expect(b.predecessors.contains(a) == a.successors.contains(b))
    }

    @Test("hand-checked predecessor lists")
    func predecessorSpotChecks() {
        #expect(OrderStatus.pending.predecessors == [.flagged])
        #expect(OrderStatus.paid.predecessors == [.pending, .flagged])
        #expect(OrderStatus.delivered.predecessors == [.paid, .awaitingStock, .awaitingFunds])
        #expect(OrderStatus.refunded.predecessors == [.paid, .flagged, .awaitingStock, .awaitingFunds, .delivered])
        #expect(OrderStatus.cancelled.predecessors == [.pending, .flagged])
        #expect(OrderStatus.awaitingStock.predecessors == [.paid, .awaitingFunds])
        #expect(OrderStatus.awaitingFunds.predecessors == [.paid, .awaitingStock])
        #expect(OrderStatus.flagged.predecessors == [.pending, .paid])
    }

    @Test("only refunded and cancelled are terminal", arguments: OrderStatus.allCases)
    func terminal(status: OrderStatus) {
        let expected = ["refunded", "cancelled"].contains(status.rawValue)
        #expect(status.isTerminal == expected)
        #expect(status.successors.isEmpty == expected)
    }

    @Test("Chinese names", arguments: [
        (OrderStatus.pending, "待支付"), (.paid, "已支付"), (.flagged, "风控拦截"), (.awaitingStock, "缺货待补"), (.awaitingFunds, "余额不足"),
        (.delivered, "已发货"), (.refunded, "已退款"), (.cancelled, "已取消"),
    ])
    func chineseName(status: OrderStatus, name: String) {
        #expect(status.chineseName == name)
    }

    @Test("encodes as its stored text")
    func codable() throws {
        let data = try JSONEncoder().encode([OrderStatus.awaitingStock, .paid])
        #expect(String(decoding: data, as: UTF8.self) == #"["awaiting_stock","paid"]"#)
        #expect(try JSONDecoder().decode([OrderStatus].self, from: data) == [.awaitingStock, .paid])
        #expect(OrderStatus(rawValue: "awaitingStock") == nil)
    }

    @Test("payment methods", arguments: [
        (PaymentMethod.balance, "balance", "余额"), (.alipay, "alipay", "支付宝"),
        (.wechat, "wechat", "微信"), (.unionpay, "unionpay", "银联"),
    ])
    func paymentMethod(method: PaymentMethod, raw: String, name: String) {
        #expect(method.rawValue == raw)
        #expect(method.chineseName == name)
        #expect(PaymentMethod.allCases.count == 4)
    }
}
