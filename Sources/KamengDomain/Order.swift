import Foundation

/// An order (订单) placed on a substation for one product.
///
/// The status only changes through `move(to:at:)`, which refuses any transition the status machine
/// does not allow; the store's guarded UPDATEs and a trigger enforce the same machine in SQL.
public struct Order: Hashable, Sendable, Codable {
    public var id: Int64?
    public var orderNo: String
    public var substationId: Int64
    public var buyer: String
    public var ip: String
    public var device: String
    public var productId: Int64
    public var quantity: Int
    public var amount: Money
    public var paymentMethod: PaymentMethod?
    public private(set) var status: OrderStatus
    public var riskScore: Int
    /// The risk rules that fired when the order was scored (empty for a clean order).
    public var riskFindings: [RiskFinding]
    public var createdAt: Date
    public var paidAt: Date?
    public var deliveredAt: Date?

    public init(id: Int64? = nil, orderNo: String, substationId: Int64, buyer: String, ip: String, device: String,
                productId: Int64, quantity: Int, amount: Money, paymentMethod: PaymentMethod? = nil,
                status: OrderStatus = .pending, riskScore: Int = 0, riskFindings: [RiskFinding] = [],
                createdAt: Date, paidAt: Date? = nil, deliveredAt: Date? = nil) {
        self.id = id
        self.orderNo = orderNo
        self.substationId = substationId
        self.buyer = buyer
        self.ip = ip
        self.device = device
        self.productId = productId
        self.quantity = quantity
        self.amount = amount
        self.paymentMethod = paymentMethod
        self.status = status
        self.riskScore = riskScore
        self.riskFindings = riskFindings
        self.createdAt = createdAt
        self.paidAt = paidAt
        self.deliveredAt = deliveredAt
    }

    /// Moves to `next`, stamping the matching time; throws for a transition the machine forbids.
    public mutating func move(to next: OrderStatus, at time: Date) throws(DomainError) {
        guard status.canMove(to: next) else {
            throw .illegalTransition(order: orderNo, from: status, to: next)
        }
        switch next {
        case .paid where paidAt == nil: paidAt = time
        case .delivered: deliveredAt = time
        default: break
        }
        status = next
    }

    public var validationProblems: [String] {
        var problems: [String] = []
        if !Order.isValidOrderNo(orderNo) { problems.append("orderNo: 1–64 characters of A–Z a–z 0–9 _ -") }
        if !(1...1000).contains(quantity) { problems.append("quantity: 1–1000") }
        if amount.fen < 0 { problems.append("amount: must not be negative") }
        return problems
    }

    public static func isValidOrderNo(_ text: String) -> Bool {
        ASCIIName.isValid(text, length: 1...64, punctuation: ASCIIName.underscoreHyphen)
    }
}

/// The result of asking the store to deliver a paid order.
public enum DeliveryOutcome: Hashable, Sendable {
    /// Keys were bound to the order just now.
    case delivered(keyIds: [Int64])
    /// The order had already been delivered: a repeated notification changes nothing.
    case alreadyDelivered
    /// Not enough available keys: the order now waits in awaiting_stock with none bound.
    case awaitingStock(available: Int)
    /// The substation must pay first and cannot: the order now waits in awaiting_funds, nothing charged.
    case awaitingFunds(charge: Money, available: Money)
    /// The order is in a status that cannot be delivered (flagged, refunded, pending…).
    case notDeliverable(OrderStatus)
}
