/// Where an order is in its life. Stored as this readable text (`orders.status = 'delivered'`).
///
/// ```
/// pending ──pay──▶ paid ──deliver──▶ delivered ──refund──▶ refunded
///    │  ╲           │  ╲                ▲
///    │   flag       │   short stock ──▶ awaiting_stock ──refund──▶ refunded
///    │     ╲        │╲                      ▲ ▼
///    │      ╲       │ no funds ──▶ awaiting_funds ──top-up──▶ delivered · refund ──▶ refunded
///    │       ╲      flag
///  cancel   ▼       ▼
///    ▼    flagged ──approve──▶ paid (or pending if unpaid) · reject ──▶ refunded / cancelled
/// cancelled
/// ```
public enum OrderStatus: String, CaseIterable, Hashable, Sendable, Codable {
    case pending
    case paid
    case flagged
    case awaitingStock = "awaiting_stock"
    /// Paid, but its substation must pay first and its balance plus credit does not cover the charge
    /// (Docs/Money.md); a top-up delivers it.
    case awaitingFunds = "awaiting_funds"
    case delivered
    case refunded
    case cancelled

    /// The statuses this one may move to; anything else is an illegal transition.
    public var successors: Set<OrderStatus> {
        switch self {
        case .pending: [.paid, .flagged, .cancelled]
        case .paid: [.delivered, .awaitingStock, .awaitingFunds, .flagged, .refunded]
        case .flagged: [.paid, .pending, .refunded, .cancelled]
        case .awaitingStock: [.delivered, .refunded, .awaitingFunds]
        case .awaitingFunds: [.delivered, .refunded, .awaitingStock]
        case .delivered: [.refunded]
        case .refunded, .cancelled: []
        }
    }

    public func canMove(to next: OrderStatus) -> Bool { successors.contains(next) }

    /// The statuses from which `self` may be reached: what a guarded UPDATE puts in its WHERE clause.
    public var predecessors: [OrderStatus] { OrderStatus.allCases.filter { $0.canMove(to: self) } }

    public var isTerminal: Bool { successors.isEmpty }

    public var chineseName: String {
        switch self {
        case .pending: "待支付"
        case .paid: "已支付"
        case .flagged: "风控拦截"
        case .awaitingStock: "缺货待补"
        case .awaitingFunds: "余额不足"
        case .delivered: "已发货"
        case .refunded: "已退款"
        case .cancelled: "已取消"
        }
    }
}

/// How a buyer paid.
public enum PaymentMethod: String, CaseIterable, Hashable, Sendable, Codable {
    case balance, alipay, wechat, unionpay

    public var chineseName: String {
        switch self {
        case .balance: "余额"
        case .alipay: "支付宝"
        case .wechat: "微信"
        case .unionpay: "银联"
        }
    }
}
