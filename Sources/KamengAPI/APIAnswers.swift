import Foundation

/// An order as an answer shows it: number, status, and the sealed keys once it is delivered.
public struct OrderAnswer: Codable, Sendable, Equatable {
    public var orderNo: String
    public var status: String
    public var keys: SealedKeys?

    public init(orderNo: String, status: String, keys: SealedKeys?) {
        self.orderNo = orderNo
        self.status = status
        self.keys = keys
    }

    enum CodingKeys: String, CodingKey { case orderNo, status, keys }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        orderNo = try c.decode(String.self, forKey: .orderNo)
        status = try c.decode(String.self, forKey: .status)
        keys = try c.decodeIfPresent(SealedKeys.self, forKey: .keys)
    }

    /// `keys` is written as `null`, never left out: the documented shape has every field.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(orderNo, forKey: .orderNo)
        try c.encode(status, forKey: .status)
        try c.encode(keys, forKey: .keys)
    }
}

/// One line of a `POST /v1/events` body and what became of it.
public struct LineResult: Codable, Sendable, Equatable {
    /// The line's number in the body, counting every line (blank ones too) from 1.
    public var line: Int
    /// `accepted`, `duplicate` or `rejected`.
    public var status: String
    /// The intake's reason code (`IntakeReason`) when rejected.
    public var reason: String?
    /// The order the line was about (order and payment lines that went through); nil for heartbeats.
    public var order: OrderAnswer?

    public init(line: Int, status: String, reason: String?, order: OrderAnswer?) {
        self.line = line
        self.status = status
        self.reason = reason
        self.order = order
    }

    enum CodingKeys: String, CodingKey { case line, status, reason, order }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        line = try c.decode(Int.self, forKey: .line)
        status = try c.decode(String.self, forKey: .status)
        reason = try c.decodeIfPresent(String.self, forKey: .reason)
        order = try c.decodeIfPresent(OrderAnswer.self, forKey: .order)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(line, forKey: .line)
        try c.encode(status, forKey: .status)
        try c.encode(reason, forKey: .reason)
        try c.encode(order, forKey: .order)
    }
}

/// The answer to `POST /v1/events`: one result per non-blank line, in body order.
public struct EventsAnswer: Codable, Sendable, Equatable {
    public var results: [LineResult]

    public init(results: [LineResult]) { self.results = results }
}

/// Every error answer: `{"error": CODE, "message": TEXT}`. The message never holds a secret, a key or a
/// signature; outside text in it is made visible first.
public struct APIErrorBody: Codable, Sendable, Equatable {
    public var error: String
    public var message: String

    public init(error: String, message: String) {
        self.error = error
        self.message = message
    }
}

enum APIJSON {
    static func encode(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        // The answer types hold strings and integers only.
        return Array(try! encoder.encode(value))
    }
}
