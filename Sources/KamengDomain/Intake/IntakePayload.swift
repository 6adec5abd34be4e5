import Foundation

/// A signed event from a substation, read from the payload text once its signature has been checked.
public enum IntakePayload: Hashable, Sendable {
    case order(IntakeOrder)
    case payment(IntakePayment)
    case heartbeat(IntakeHeartbeat)

    public var kind: IntakeKind {
        switch self {
        case .order: .order
        case .payment: .payment
        case .heartbeat: .heartbeat
        }
    }

    /// Reads and validates a payload. Every refusal is `malformed` with the field and the rule it broke.
    public static func parse(_ text: String) throws(IntakeProblem) -> IntakePayload {
        guard case let .object(fields) = try IntakeJSON.parse(text) else { throw .malformed("the payload is not a JSON object") }
        var f = Fields(fields)
        let type = try f.string("type")
        let payload: IntakePayload
        switch type {
        case "order": payload = .order(try IntakeOrder(&f))
        case "payment": payload = .payment(try IntakePayment(&f))
        case "heartbeat": payload = .heartbeat(try IntakeHeartbeat(&f))
        default: throw .malformed("type \"\(IntakeProblem.clip(type))\": expected order, payment or heartbeat")
        }
        try f.refuseLeftovers(type)
        return payload
    }

    /// The kind named by a payload's `type`, read without validating the rest (for rejection records).
    ///
    /// It does not parse: a line whose signature failed is never parsed (its payload is anyone's text),
    /// so the hint is read off the text: the first `"type"` followed by `:` and a quoted word.
    public static func kindHint(_ text: String) -> IntakeKind {
        let bytes = Array(text.utf8.prefix(IntakeEnvelope.maxLineBytes))
        let key = Array("\"type\"".utf8)
        var start = 0
        while start + key.count <= bytes.count {
            guard bytes[start..<start + key.count].elementsEqual(key) else { start += 1; continue }
            var i = start + key.count
            func skipSpace() { while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 } }
            skipSpace()
            guard i < bytes.count, bytes[i] == 0x3A else { start += 1; continue }
            i += 1
            skipSpace()
            guard i < bytes.count, bytes[i] == 0x22 else { return .unknown }
            let wordStart = i + 1
            guard let end = bytes[wordStart...].prefix(16).firstIndex(of: 0x22) else { return .unknown }
            return IntakeKind(rawValue: String(decoding: bytes[wordStart..<end], as: UTF8.self)) ?? .unknown
        }
        return .unknown
    }
}

/// `{"type":"order","orderNo","product","quantity","amount","buyer","ip","device","at"}`: amount in fen,
/// product a SKU, `at` RFC 3339 (when the buyer placed it).
public struct IntakeOrder: Hashable, Sendable {
    public var orderNo: String
    public var product: String
    public var quantity: Int
    public var amount: Money
    public var buyer: String
    public var ip: String
    public var device: String
    public var at: Date

    init(_ f: inout Fields) throws(IntakeProblem) {
        orderNo = try f.string("orderNo")
        guard Order.isValidOrderNo(orderNo) else { throw .malformed("orderNo: 1–64 characters of A–Z a–z 0–9 _ -") }
        product = try f.string("product")
        guard (1...64).contains(product.utf8.count) else { throw .malformed("product: a SKU of 1–64 characters") }
        let q = try f.integer("quantity")
        guard (1...1000).contains(q) else { throw .malformed("quantity: 1–1000") }
        quantity = Int(q)
        amount = try f.amount("amount")
        buyer = try f.text("buyer", maxBytes: 128)
        ip = try f.text("ip", maxBytes: 64)
        device = try f.text("device", maxBytes: 128)
        at = try f.time("at")
    }
}

/// `{"type":"payment","orderNo","amount","method","txn","at"}`: the payment provider's notification.
public struct IntakePayment: Hashable, Sendable {
    public var orderNo: String
    public var amount: Money
    public var method: PaymentMethod
    /// The provider's transaction id: one txn pays one order, once.
    public var txn: String
    public var at: Date

    init(_ f: inout Fields) throws(IntakeProblem) {
        orderNo = try f.string("orderNo")
        guard Order.isValidOrderNo(orderNo) else { throw .malformed("orderNo: 1–64 characters of A–Z a–z 0–9 _ -") }
        amount = try f.amount("amount")
        let m = try f.string("method")
        guard let parsed = PaymentMethod(rawValue: m) else {
            throw .malformed("method \"\(IntakeProblem.clip(m))\": expected balance, alipay, wechat or unionpay")
        }
        method = parsed
        txn = try f.string("txn")
        guard ASCIIName.isValid(txn, length: 1...64, punctuation: ASCIIName.underscoreHyphenDot) else {
            throw .malformed("txn: 1–64 characters of A–Z a–z 0–9 . _ -")
        }
        at = try f.time("at")
    }
}

/// `{"type":"heartbeat","at","metrics":{"callbacks","callbackFailures","deliveryP95Ms","ordersLastHour"}}`.
public struct IntakeHeartbeat: Hashable, Sendable {
    public var at: Date
    public var callbacks: Int
    public var callbackFailures: Int
    public var deliveryP95Ms: Int
    public var ordersLastHour: Int

    init(_ f: inout Fields) throws(IntakeProblem) {
        at = try f.time("at")
        guard case let .object(inner) = try f.value("metrics") else { throw .malformed("metrics: expected an object") }
        var m = Fields(inner, prefix: "metrics.")
        func count(_ name: String) throws(IntakeProblem) -> Int {
            let v = try m.integer(name)
            guard (0...Int64(Int32.max)).contains(v) else { throw .malformed("metrics.\(name): 0–\(Int32.max)") }
            return Int(v)
        }
        callbacks = try count("callbacks")
        callbackFailures = try count("callbackFailures")
        deliveryP95Ms = try count("deliveryP95Ms")
        ordersLastHour = try count("ordersLastHour")
        guard callbackFailures <= callbacks else { throw .malformed("metrics.callbackFailures: more than metrics.callbacks") }
        try m.refuseLeftovers("heartbeat")
    }

    public func signal(substationId: Int64) -> SubstationSignal {
        SubstationSignal(substationId: substationId, at: at, callbacks: callbacks, callbackFailures: callbackFailures,
                         deliveryP95Ms: deliveryP95Ms, ordersLastHour: ordersLastHour)
    }
}

/// The fields of a payload object, taken one by one so that a missing, mistyped or unexpected field is named.
struct Fields {
    private var fields: [(String, IntakeJSON.Value)]
    private let prefix: String

    init(_ fields: [(String, IntakeJSON.Value)], prefix: String = "") {
        self.fields = fields
        self.prefix = prefix
    }

    mutating func value(_ name: String) throws(IntakeProblem) -> IntakeJSON.Value {
        guard let i = fields.firstIndex(where: { $0.0 == name }) else { throw .malformed("missing field \"\(prefix)\(name)\"") }
        return fields.remove(at: i).1
    }

    mutating func string(_ name: String) throws(IntakeProblem) -> String {
        guard case let .string(s) = try value(name) else { throw .malformed("\(prefix)\(name): expected a string") }
        return s
    }

    /// Free text from outside (buyer, IP, device): not empty, bounded, no control characters.
    mutating func text(_ name: String, maxBytes: Int) throws(IntakeProblem) -> String {
        let s = try string(name)
        guard (1...maxBytes).contains(s.utf8.count) else { throw .malformed("\(name): 1–\(maxBytes) bytes") }
        guard !s.unicodeScalars.contains(where: TerminalSafe.needsEscaping) else { throw .malformed("\(name): control characters") }
        return s
    }

    mutating func integer(_ name: String) throws(IntakeProblem) -> Int64 {
        guard case let .number(n) = try value(name) else { throw .malformed("\(prefix)\(name): expected an integer") }
        guard let v = Int64(n) else { throw .malformed("\(prefix)\(name): expected an integer, got \(IntakeProblem.clip(n))") }
        return v
    }

    mutating func amount(_ name: String) throws(IntakeProblem) -> Money {
        guard case let .number(n) = try value(name) else { throw .malformed("\(name): expected an integer number of fen") }
        guard let fen = Int64(n) else { throw .malformed("\(name): expected an integer number of fen, got \(IntakeProblem.clip(n))") }
        guard fen >= 0 else { throw .malformed("\(name): must not be negative") }
        return Money(fen: fen)
    }

    mutating func time(_ name: String) throws(IntakeProblem) -> Date {
        let s = try string(name)
        guard let date = RFC3339.date(s) else {
            throw .malformed("\(name): \"\(IntakeProblem.clip(s))\" is not an RFC 3339 time such as 2026-11-23T08:15:30Z")
        }
        return date
    }

    func refuseLeftovers(_ context: String) throws(IntakeProblem) {
        if let (key, _) = fields.first {
            throw .malformed("unknown field \"\(prefix)\(IntakeProblem.clip(key))\" in a \(context)")
        }
    }
}
