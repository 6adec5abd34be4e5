import Foundation

/// Writing payloads: what a substation (or the demo simulator, the benchmark and the tests) sends.
/// The text produced here is what gets signed, so it is built deterministically, field by field.
extension IntakePayload {
    public var text: String {
        switch self {
        case let .order(o):
            "{\"type\":\"order\",\"orderNo\":\(quote(o.orderNo)),\"product\":\(quote(o.product)),\"quantity\":\(o.quantity),"
                + "\"amount\":\(o.amount.fen),\"buyer\":\(quote(o.buyer)),\"ip\":\(quote(o.ip)),\"device\":\(quote(o.device)),"
                + "\"at\":\(quote(RFC3339.string(o.at)))}"
        case let .payment(p):
            "{\"type\":\"payment\",\"orderNo\":\(quote(p.orderNo)),\"amount\":\(p.amount.fen),\"method\":\(quote(p.method.rawValue)),"
                + "\"txn\":\(quote(p.txn)),\"at\":\(quote(RFC3339.string(p.at)))}"
        case let .heartbeat(h):
            "{\"type\":\"heartbeat\",\"at\":\(quote(RFC3339.string(h.at))),\"metrics\":{\"callbacks\":\(h.callbacks),"
                + "\"callbackFailures\":\(h.callbackFailures),\"deliveryP95Ms\":\(h.deliveryP95Ms),\"ordersLastHour\":\(h.ordersLastHour)}}"
        }
    }

    /// The envelope line (without the newline) around `payloadText`, given its signature in hex.
    public static func envelopeLine(substation: String, payloadText: String, signatureHex: String) -> String {
        "{\"substation\":\(quote(substation)),\"payload\":\(quote(payloadText)),\"sig\":\(quote(signatureHex))}"
    }
}

/// A JSON string literal: quotes, backslashes and control characters escaped; everything else as is.
func quote(_ s: String) -> String {
    var out = "\""
    out.reserveCapacity(s.utf8.count + 8)
    for u in s.unicodeScalars {
        switch u {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case _ where u.value < 0x20:
            let hex = String(u.value, radix: 16)
            out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: out.unicodeScalars.append(u)
        }
    }
    return out + "\""
}

extension RFC3339 {
    /// `2026-11-23T08:15:30.250Z` (UTC, milliseconds when not whole seconds).
    public static func string(_ date: Date) -> String {
        let t = UTCFields(date)
        let year = t.year, month = t.month, day = t.day, secondOfDay = t.secondOfDay, fraction = t.millisecond
        func pad(_ v: Int, _ w: Int) -> String {
            let t = String(v)
            return String(repeating: "0", count: max(0, w - t.count)) + t
        }
        let base = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))"
        return base + (fraction == 0 ? "Z" : ".\(pad(fraction, 3))Z")
    }
}

extension IntakeOrder {
    public init(orderNo: String, product: String, quantity: Int, amount: Money, buyer: String, ip: String, device: String, at: Date) {
        self.orderNo = orderNo
        self.product = product
        self.quantity = quantity
        self.amount = amount
        self.buyer = buyer
        self.ip = ip
        self.device = device
        self.at = at
    }
}

extension IntakePayment {
    public init(orderNo: String, amount: Money, method: PaymentMethod, txn: String, at: Date) {
        self.orderNo = orderNo
        self.amount = amount
        self.method = method
        self.txn = txn
        self.at = at
    }
}

extension IntakeHeartbeat {
    public init(at: Date, callbacks: Int, callbackFailures: Int, deliveryP95Ms: Int, ordersLastHour: Int) {
        self.at = at
        self.callbacks = callbacks
        self.callbackFailures = callbackFailures
        self.deliveryP95Ms = deliveryP95Ms
        self.ordersLastHour = ordersLastHour
    }
}
