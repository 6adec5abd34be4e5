import Foundation

/// One thing the simulated platform does, in the shape the intake takes: an order placed on a substation,
/// a payment notification for it, or a substation's heartbeat.
public enum SimulatedEvent: Hashable, Sendable {
    case order(substation: String, orderNo: String, sku: String, quantity: Int, amountFen: Int64,
               buyer: String, ip: String, device: String, at: Date)
    /// `amountFen` is what was paid, which is not always the order's amount.
    case payment(substation: String, orderNo: String, amountFen: Int64, method: PaymentMethod, txn: String, at: Date)
    /// `callbacks` and `callbackFailures` count since the substation's previous heartbeat, as
    /// `SubstationSignal` expects.
    case heartbeat(substation: String, at: Date, callbacks: Int, callbackFailures: Int, deliveryP95Ms: Int, ordersLastHour: Int)

    public var at: Date {
        switch self {
        case .order(_, _, _, _, _, _, _, _, let at), .payment(_, _, _, _, _, let at), .heartbeat(_, let at, _, _, _, _): at
        }
    }

    public var substation: String {
        switch self {
        case .order(let code, _, _, _, _, _, _, _, _), .payment(let code, _, _, _, _, _), .heartbeat(let code, _, _, _, _, _): code
        }
    }
}
