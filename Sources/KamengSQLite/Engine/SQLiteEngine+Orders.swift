import Foundation
import KamengDomain
import KamengStorage

// MARK: OrderReading
extension SQLiteEngine {
    public func orders(query: OrderQuery, after: OrderPageKey?, limit: Int) async throws(StoreError) -> [OrderSummary] {
        let cursor = after.map { OrderCursor(createdAt: $0.createdAt, id: $0.id) }
        // An empty query is the plain newest-first list (the same statement `searchStatement` builds for it).
        return try await run { store in try store.searchOrders(query, after: cursor, limit: limit) }
    }

    public func orders(orderNo: String) async throws(StoreError) -> [OrderSummary] {
        try await run { store in try store.orders(orderNo: orderNo) }
    }

    public func order(id: Int64) async throws(StoreError) -> Order {
        try await run { store in try store.order(id: id) }
    }

    public func orderHistory(orderNo: String) async throws(StoreError) -> [AuditEvent] {
        try await run { store in try store.orderHistory(orderNo: orderNo) }
    }

    public func deliveredKeys(orderId: Int64) async throws(StoreError) -> [CardKey] {
        try await run { store in try store.deliveredKeys(orderId: orderId) }
    }

    public func heldOrders(limit: Int) async throws(StoreError) -> [OrderSummary] {
        try await run { store in try store.heldOrders(limit: limit) }
    }

    public func heldQueueTally() async throws(StoreError) -> HeldQueueTally {
        try await run { store in try store.heldQueueTally() }
    }
}

// MARK: OrderActing
extension SQLiteEngine {
    public func deliverManually(orderId: Int64, by actor: Staff) async throws(StoreError) -> DeliveryOutcome {
        try await run { store in try store.deliverManually(orderId: orderId, by: actor) }
    }

    public func refundNeedsStepUp(_ amount: Money) async throws(StoreError) -> Bool {
        try await run { store in try store.refundNeedsStepUp(amount) }
    }

    public func refund(orderId: Int64, by actor: Staff, stepUp code: String?) async throws(StoreError) {
        try await run { store in try store.refund(orderId: orderId, by: actor, stepUp: code) }
    }

    public func decide(_ decision: RiskDecision, orderIds: [Int64], note: String, blacklisting: Set<BlacklistKind>,
                       by actor: Staff, stepUp code: String?) async throws(StoreError) -> Int {
        try await run { store in
            var done = 0
            for id in orderIds {
                // A bulk decision retried with a code skips the orders the first attempt already decided.
                if decision == .approve || decision == .reject, try store.order(id: id).status != .flagged { continue }
                switch decision {
                case .approve: try store.approveAndDeliver(orderId: id, note: note, by: actor)
                case .reject: try store.rejectHeld(orderId: id, note: note, blacklisting: blacklisting, by: actor, stepUp: code)
                case .escalate: try store.annotateOrder(orderId: id, note: note, escalate: true, by: actor)
                case .note: try store.annotateOrder(orderId: id, note: note, by: actor)
                }
                done += 1
            }
            return done
        }
    }

    public func revealKeys(orderId: Int64, reason: String, by actor: Staff, stepUp code: String?) async throws(StoreError) -> [RevealedKey] {
        try await run { store in try store.revealKeys(orderId: orderId, reason: reason, by: actor, stepUp: code) }
    }

    public func exportKeys(_ selection: KeyExportSelection, reason: String, by actor: Staff,
                           stepUp code: String?) async throws(StoreError) -> [ExportedKey] {
        try await run { store in try store.exportKeys(selection, reason: reason, by: actor, stepUp: code) }
    }

    public func addToBlacklist(_ kind: BlacklistKind, value: String, reason: String, by actor: Staff) async throws(StoreError) -> Bool {
        try await run { store in try store.addToBlacklist(kind, value: value, reason: reason, by: actor) }
    }

    public func blacklist() async throws(StoreError) -> [BlacklistEntry] {
        try await run { store in try store.blacklist() }
    }
}
