/// What became of one intake line.
public enum IntakeOutcome: Hashable, Sendable {
    /// A new order; `held` when the risk engine sent it to the risk queue (status `flagged`).
    case orderAccepted(held: Bool)
    /// The same (substation, order no.) was recorded before: nothing changed.
    case orderDuplicate
    /// A new payment, and what it led to.
    case paymentAccepted(PaymentResult)
    /// The same txn already paid this order: nothing changed.
    case paymentDuplicate
    case heartbeatAccepted
    /// The same substation already reported a heartbeat at this instant: nothing changed.
    case heartbeatDuplicate
    case rejected(IntakeProblem)

    /// What a new payment did to its order.
    public enum PaymentResult: Hashable, Sendable {
        /// Keys bound to the order in the same transaction.
        case delivered
        /// Paid, but the product is short: the order waits in `awaiting_stock` with no key bound.
        case awaitingStock
        /// Paid, but its substation must pay first and has not the funds: it waits in `awaiting_funds`.
        case awaitingFunds
        /// The order is in the risk queue: the payment is recorded, no key is delivered until a person approves.
        case held
    }
}

/// The counts `kameng ingest` reports at the end (and `--json` prints; the shape is documented in
/// Docs/CLI.md and Docs/Intake.md, so fields are only ever added).
public struct IntakeSummary: Hashable, Sendable, Codable {
    /// Accepted and duplicate counts of one kind of event.
    public struct Tally: Hashable, Sendable, Codable {
        public var accepted = 0
        public var duplicate = 0
        public init() {}
    }

    /// Non-blank lines read.
    public var lines = 0
    public var orders = Tally()
    public var payments = Tally()
    public var heartbeats = Tally()
    /// Orders delivered by this run.
    public var delivered = 0
    /// Paid orders that found too few keys and wait for stock.
    public var awaitingStock = 0
    /// Paid orders whose substation must pay first and cannot yet: they wait for a top-up.
    public var awaitingFunds = 0
    /// Orders this run sent to the risk queue: held at intake, or flagged by a payment of the wrong amount.
    public var flagged = 0
    /// Payments recorded for held orders; their keys wait for a person.
    public var heldPayments = 0
    /// Rejected lines in all, and per reason (reason codes as in `IntakeReason`).
    public var rejected = 0
    public var rejectedByReason: [String: Int] = [:]
    /// SKUs under their low-stock threshold after this run sold from them or found them short.
    public var lowStock: [String] = []
    /// Write transactions committed (each one durable, with one audit row when it changed anything).
    public var groups = 0

    public init() {}

    /// Counts one line's outcome.
    public mutating func add(_ outcome: IntakeOutcome) {
        lines += 1
        switch outcome {
        case let .orderAccepted(held):
            orders.accepted += 1
            if held { flagged += 1 }
        case .orderDuplicate: orders.duplicate += 1
        case let .paymentAccepted(result):
            payments.accepted += 1
            switch result {
            case .delivered: delivered += 1
            case .awaitingStock: awaitingStock += 1
            case .awaitingFunds: awaitingFunds += 1
            case .held: heldPayments += 1
            }
        case .paymentDuplicate: payments.duplicate += 1
        case .heartbeatAccepted: heartbeats.accepted += 1
        case .heartbeatDuplicate: heartbeats.duplicate += 1
        case let .rejected(problem):
            rejected += 1
            rejectedByReason[problem.reason.rawValue, default: 0] += 1
        }
    }

    /// Counts pending orders that a payment of the wrong amount sent to the risk queue (the payment's
    /// line itself is counted as rejected).
    public mutating func noteFlaggedByPayment(_ count: Int) {
        flagged += count
    }

    /// Adds the low-stock SKUs seen in one group, keeping the list sorted and without repeats.
    public mutating func noteLowStock(_ skus: some Sequence<String>) {
        lowStock = Array(Set(lowStock).union(skus)).sorted()
    }

    /// The summary in lines for a person (the CLI without `--json`).
    public var humanLines: [String] {
        var out = [
            "lines read: \(lines)",
            "orders: \(orders.accepted) accepted, \(orders.duplicate) duplicate",
            "payments: \(payments.accepted) accepted, \(payments.duplicate) duplicate",
            "delivered: \(delivered); awaiting stock: \(awaitingStock); awaiting funds: \(awaitingFunds); flagged for review: \(flagged); paid but held: \(heldPayments)",
            "heartbeats: \(heartbeats.accepted) accepted, \(heartbeats.duplicate) duplicate",
            "rejected: \(rejected)" + (rejected == 0 ? "" : " (" + rejectedByReason.sorted { $0.key < $1.key }
                .map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"),
        ]
        if !lowStock.isEmpty { out.append("low stock: " + lowStock.joined(separator: ", ")) }
        return out
    }
}
