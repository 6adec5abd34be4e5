import Foundation
import KamengDomain

/// A substation's credentials as the HTTP API checks them: the secret that signs and seals now, and the
/// one before the last rotation, which verifies signatures (never seals) until its grace period ends.
/// Plain secrets: held by the API process only, never logged or shown.
public struct SubstationCredentials: Sendable, Equatable {
    public var id: Int64
    public var code: String
    public var status: SubstationStatus
    public var secret: String
    public var previousSecret: String?
    /// When `previousSecret` stops verifying; nil when there is none.
    public var previousUntil: Date?
    /// Where the substation's notices go (https, or http on loopback); nil when it has none.
    public var notifyURL: String?

    public init(id: Int64, code: String, status: SubstationStatus, secret: String, previousSecret: String? = nil,
                previousUntil: Date? = nil, notifyURL: String? = nil) {
        self.id = id
        self.code = code
        self.status = status
        self.secret = secret
        self.previousSecret = previousSecret
        self.previousUntil = previousUntil
        self.notifyURL = notifyURL
    }

    /// The secrets that verify a signature at `now`: the current one, then the previous within its grace.
    public func verifyingSecrets(at now: Date) -> [String] {
        var secrets = [secret]
        if let previousSecret, let previousUntil, now < previousUntil { secrets.append(previousSecret) }
        return secrets
    }
}

/// One delivered key in the clear, for sealing to its substation (`DeliverySeal`) and nothing else.
public struct DeliveredKeyText: Sendable, Equatable, Codable {
    public var number: String?
    public var secret: String

    public init(number: String?, secret: String) {
        self.number = number
        self.secret = secret
    }
}

/// An order as its own substation sees it through the API: status, and the keys once it is delivered.
public struct APIOrderState: Sendable, Equatable {
    public var orderNo: String
    public var status: OrderStatus
    /// The keys in delivery order when the order is delivered; nil otherwise.
    public var keys: [DeliveredKeyText]?

    public init(orderNo: String, status: OrderStatus, keys: [DeliveredKeyText]?) {
        self.orderNo = orderNo
        self.status = status
        self.keys = keys
    }
}

/// Why a notice was written: the order was delivered, refunded or rejected.
public enum NoticeType: String, Sendable, Codable, CaseIterable {
    case delivered, refunded, rejected
}

/// A notice in the outbox, as `kameng outbox list` shows it.
public struct OutboxNotice: Sendable, Equatable {
    public var id: Int64
    public var substation: String
    public var orderNo: String
    public var type: NoticeType
    public var createdAt: Date
    public var attempts: Int
    /// When the sender tries next; nil once delivered or given up.
    public var nextAttemptAt: Date?
    /// The last failure, as the sender saw it (status code or connection error; never a secret).
    public var lastError: String?
    public var deliveredAt: Date?
    /// True once the sender gave up (24 hours of retries); `kameng outbox retry` starts it again.
    public var gaveUp: Bool

    public init(id: Int64, substation: String, orderNo: String, type: NoticeType, createdAt: Date, attempts: Int,
                nextAttemptAt: Date?, lastError: String?, deliveredAt: Date?, gaveUp: Bool) {
        self.id = id
        self.substation = substation
        self.orderNo = orderNo
        self.type = type
        self.createdAt = createdAt
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.deliveredAt = deliveredAt
        self.gaveUp = gaveUp
    }
}

/// A due notice with what the sender needs to send it: the URL, the secret that signs and seals, the
/// order's status now and its keys when it is delivered.
public struct NoticeToSend: Sendable, Equatable {
    public var notice: OutboxNotice
    public var url: String
    public var secret: String
    public var status: OrderStatus
    public var keys: [DeliveredKeyText]?

    public init(notice: OutboxNotice, url: String, secret: String, status: OrderStatus, keys: [DeliveredKeyText]?) {
        self.notice = notice
        self.url = url
        self.secret = secret
        self.status = status
        self.keys = keys
    }
}

/// API traffic counted by the server for one substation over one interval, flushed to the store so the
/// console (another process) can show it.
public struct APITrafficCount: Sendable, Equatable {
    public var substation: String
    public var requests: Int
    /// Requests answered 4xx/5xx plus lines rejected inside good requests.
    public var rejects: Int

    public init(substation: String, requests: Int, rejects: Int) {
        self.substation = substation
        self.requests = requests
        self.rejects = rejects
    }
}

/// A substation's API figures over a window, and its outbox backlog now.
public struct APITrafficTally: Sendable, Equatable {
    public var requests: Int
    public var rejects: Int
    /// Notices not yet delivered (including given up), and the age of the oldest.
    public var backlog: Int
    public var oldestBacklogAt: Date?
    /// Notices that failed at least once and are not yet delivered.
    public var failing: Int

    public init(requests: Int = 0, rejects: Int = 0, backlog: Int = 0, oldestBacklogAt: Date? = nil, failing: Int = 0) {
        self.requests = requests
        self.rejects = rejects
        self.backlog = backlog
        self.oldestBacklogAt = oldestBacklogAt
        self.failing = failing
    }
}
