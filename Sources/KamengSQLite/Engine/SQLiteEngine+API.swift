import Foundation
import KamengDomain
import KamengStorage

// MARK: SubstationAPIOperations: what the HTTP API asks of the store (Operations/SubstationAPI.swift,
// Outbox.swift, APITraffic.swift).
extension SQLiteEngine {
    public func apiCredentials(code: String) async throws(StoreError) -> SubstationCredentials? {
        try await run { store in try store.apiCredentials(code: code) }
    }

    public func apiOrderStates(substation code: String, orderNos: [String]) async throws(StoreError) -> [String: APIOrderState] {
        try await run { store in try store.apiOrderStates(substation: code, orderNos: orderNos) }
    }

    public func apiFetchOrder(substation code: String, orderNo: String, limit: Int, now: Date) async throws(StoreError) -> APIOrderState? {
        try await run { store in try store.apiFetchOrder(substation: code, orderNo: orderNo, limit: limit, now: now) }
    }

    public func dueNotices(now: Date, perSubstation: Int, limit: Int) async throws(StoreError) -> [NoticeToSend] {
        try await run { store in try store.dueNotices(now: now, perSubstation: perSubstation, limit: limit) }
    }

    public func noticeDelivered(id: Int64, at now: Date) async throws(StoreError) {
        try await run { store in try store.noticeDelivered(id: id, at: now) }
    }

    public func noticeFailed(id: Int64, error: String, nextAttemptAt: Date?, at now: Date) async throws(StoreError) {
        try await run { store in try store.noticeFailed(id: id, error: error, nextAttemptAt: nextAttemptAt, at: now) }
    }

    public func outbox(substation: String?, includeDelivered: Bool, limit: Int) async throws(StoreError) -> [OutboxNotice] {
        try await run { store in try store.outbox(substation: substation, includeDelivered: includeDelivered, limit: limit) }
    }

    public func retryNotices(id: Int64?, substation: String?, by actor: Staff) async throws(StoreError) -> Int {
        try await run { store in try store.retryNotices(id: id, substation: substation, by: actor) }
    }

    public func recordAPITraffic(_ counts: [APITrafficCount], at now: Date) async throws(StoreError) {
        try await run { store in try store.recordAPITraffic(counts, at: now) }
    }

    public func apiTraffic(since: Date) async throws(StoreError) -> [String: APITrafficTally] {
        try await run { store in try store.apiTraffic(since: since) }
    }

    public func demoSubstationSecrets(by actor: Staff) async throws(StoreError) -> [String: String] {
        try await run { store in try store.demoSubstationSecrets(by: actor) }
    }

    public func rotateSubstationSecret(code: String, grace: TimeInterval, by actor: Staff, stepUp stepUpCode: String?) async throws(StoreError) -> String {
        try await run { store in try store.rotateSubstationSecret(code: code, grace: grace, by: actor, stepUp: stepUpCode) }
    }

    public func setSubstationNotifyURL(code: String, url: String?, by actor: Staff) async throws(StoreError) {
        try await run { store in try store.setSubstationNotifyURL(code: code, url: url, by: actor) }
    }
}
