/// What the store knows about an order and its neighbourhood when it scores it. Counts over the
/// sliding window (`RiskRules.windowSeconds`) include the order being scored.
public struct RiskFacts: Hashable, Sendable {
    public var amount: Money
    public var quantity: Int
    /// Orders from this order's IP, buyer and device within the window.
    public var ordersFromIP: Int
    public var ordersFromBuyer: Int
    public var ordersFromDevice: Int
    /// Distinct buyers seen on this order's device and IP within the window.
    public var buyersOnDevice: Int
    public var buyersOnIP: Int
    /// The buyer's orders before this one, over all time (0 = a new buyer).
    public var buyerPriorOrders: Int
    /// Payments refused for this buyer's orders (amount mismatch…) within the window.
    public var failedPaymentsByBuyer: Int
    /// Which of the order's IP, buyer and device are blacklisted.
    public var blacklisted: Set<BlacklistKind>
    /// What was paid, once a payment arrived; nil while the order is unpaid.
    public var paidAmount: Money?
    /// What the order's substation is charged for it (`OrderCharge.charge`); nil when not known.
    public var charge: Money?

    public init(amount: Money, quantity: Int, ordersFromIP: Int = 1, ordersFromBuyer: Int = 1, ordersFromDevice: Int = 1,
                buyersOnDevice: Int = 1, buyersOnIP: Int = 1, buyerPriorOrders: Int = 0, failedPaymentsByBuyer: Int = 0,
                blacklisted: Set<BlacklistKind> = [], paidAmount: Money? = nil, charge: Money? = nil) {
        self.amount = amount
        self.quantity = quantity
        self.ordersFromIP = ordersFromIP
        self.ordersFromBuyer = ordersFromBuyer
        self.ordersFromDevice = ordersFromDevice
        self.buyersOnDevice = buyersOnDevice
        self.buyersOnIP = buyersOnIP
        self.buyerPriorOrders = buyerPriorOrders
        self.failedPaymentsByBuyer = failedPaymentsByBuyer
        self.blacklisted = blacklisted
        self.paidAmount = paidAmount
        self.charge = charge
    }
}
