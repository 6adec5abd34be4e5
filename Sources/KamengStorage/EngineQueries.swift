import Foundation
import KamengDomain

// Reads built from the interface's operations and the domain's pure rules, so every engine shares them.

extension SubstationOperations where Self: SubstationAPIOperations {
    /// Every substation with its health evaluated at `now` (its outbox included, for `notify_failures`)
    /// and its last day of heartbeats, worst first.
    public func substationHealth(now: Date, rules: HealthRules) async throws(StoreError) -> [SubstationHealthRow] {
        // 25 hours: the order-rate baseline looks back a day from the latest heartbeat.
        let entries = try await substationSignals(since: now.addingTimeInterval(-25 * 3_600))
        // Only the backlog is used here: the traffic window is the newest minute, the smallest read.
        let outbox = try await apiTraffic(since: now)
        let rows = entries.map { entry in
            let tally = outbox[entry.substation.code] ?? APITrafficTally()
            let notices = NoticeBacklog(undelivered: tally.backlog, failing: tally.failing, oldestAt: tally.oldestBacklogAt)
            return SubstationHealthRow(substation: entry.substation,
                                       report: HealthEvaluator.evaluate(substation: entry.substation, signals: entry.signals, now: now,
                                                                        rules: rules, notices: notices),
                                       history: entry.signals.filter { $0.at >= now.addingTimeInterval(-24 * 3_600) })
        }
        return SubstationHealthRow.ranked(rows)
    }
}

extension OrderReading {
    /// Orders sharing a held order's IP, buyer or device (20 of each at most), for judging it in context.
    public func related(to summary: OrderSummary) async throws(StoreError) -> RelatedOrders {
        let o = summary.order
        func same(_ value: String) async throws(StoreError) -> [OrderSummary] {
            guard !value.isEmpty else { return [] }
            var query = OrderQuery()
            query.words = [value]
            return try await orders(query: query, after: nil, limit: 20)
        }
        return RelatedOrders(orderId: o.id ?? -1, sameIP: try await same(o.ip), sameBuyer: try await same(o.buyer),
                             sameDevice: try await same(o.device))
    }
}
