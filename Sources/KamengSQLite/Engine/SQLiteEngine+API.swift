import Foundation
import KamengDomain
import KamengStorage

// MARK: SubstationAPIOperations: what the HTTP API asks of the store (Operations/SubstationAPI.swift,
// Substations+Secret.swift).
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

// MARK: NOT BUILT YET: the outbox and the traffic counters replace these.
extension SQLiteEngine {
    private static var notYet: StoreError { .storage(code: 0, message: "not built yet") }

    public func dueNotices(now: Date, perSubstation: Int, limit: Int) async throws(StoreError) -> [NoticeToSend] { throw Self.notYet }
    public func noticeDelivered(id: Int64, at now: Date) async throws(StoreError) { throw Self.notYet }
    public func noticeFailed(id: Int64, error: String, nextAttemptAt: Date?, at now: Date) async throws(StoreError) { throw Self.notYet }
    public func outbox(substation: String?, includeDelivered: Bool, limit: Int) async throws(StoreError) -> [OutboxNotice] { throw Self.notYet }
    public func retryNotices(id: Int64?, substation: String?, by actor: Staff) async throws(StoreError) -> Int { throw Self.notYet }
    public func recordAPITraffic(_ counts: [APITrafficCount], at now: Date) async throws(StoreError) { throw Self.notYet }
    public func apiTraffic(since: Date) async throws(StoreError) -> [String: APITrafficTally] { throw Self.notYet }
}
