import Foundation
import GRDB
import KamengDomain
import KamengStorage

extension SQLiteStore {
    /// Every substation with its heartbeats since `since` (oldest first): what health evaluation needs.
    /// One query over the (substation_id, at) index, grouped in memory.
    func substationsWithSignals(since: Date) throws -> [(substation: Substation, signals: [SubstationSignal])] {
        try pool.read { db in
            let stations = try Row.fetchAll(db, sql: "SELECT * FROM substations ORDER BY code").map(Self.substation(from:))
            var byStation: [Int64: [SubstationSignal]] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT substation_id, at, callbacks, callback_failures, delivery_p95_ms, orders_last_hour
                FROM substation_signals WHERE at >= ? ORDER BY substation_id, at
                """, arguments: [StoreTime.string(since)])
            while let row = try rows.next() {
                let signal = SubstationSignal(substationId: row[0], at: row[1], callbacks: row[2], callbackFailures: row[3],
                                              deliveryP95Ms: row[4], ordersLastHour: row[5])
                byStation[signal.substationId, default: []].append(signal)
            }
            return stations.map { ($0, $0.id.flatMap { byStation[$0] } ?? []) }
        }
    }
}
