import Foundation

/// A notice as sent to a shop: `{"id","type","orderNo","status","keys"}`, `keys` null unless delivered.
struct NoticeBody: Codable, Sendable, Equatable {
    var id: Int64
    var type: String
    var orderNo: String
    var status: String
    var keys: SealedKeys?

    enum CodingKeys: String, CodingKey { case id, type, orderNo, status, keys }

    init(id: Int64, type: String, orderNo: String, status: String, keys: SealedKeys?) {
        self.id = id
        self.type = type
        self.orderNo = orderNo
        self.status = status
        self.keys = keys
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int64.self, forKey: .id)
        type = try c.decode(String.self, forKey: .type)
        orderNo = try c.decode(String.self, forKey: .orderNo)
        status = try c.decode(String.self, forKey: .status)
        keys = try c.decodeIfPresent(SealedKeys.self, forKey: .keys)
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(type, forKey: .type)
        try c.encode(orderNo, forKey: .orderNo)
        try c.encode(status, forKey: .status)
        try c.encode(keys, forKey: .keys)
    }
}

/// A notice a shop received and verified, with the substation its URL named.
public struct ReceivedNotice: Sendable, Equatable {
    public var id: Int64
    public var type: String
    public var orderNo: String
    public var status: String
    public var keys: SealedKeys?
    public var substation: String

    public init(id: Int64, type: String, orderNo: String, status: String, keys: SealedKeys?, substation: String) {
        self.id = id
        self.type = type
        self.orderNo = orderNo
        self.status = status
        self.keys = keys
        self.substation = substation
    }
}
