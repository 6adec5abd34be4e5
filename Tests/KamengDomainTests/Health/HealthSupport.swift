import Foundation
import KamengDomain

/// A fixed "now" for the health tests: 2026-09-21 14:13:20 UTC (a Monday afternoon).
let healthNow = Date(timeIntervalSince1970: 1_790_000_000)

func station(status: SubstationStatus = .active, expiresIn seconds: TimeInterval? = nil, id: Int64 = 1) -> Substation {
    Substation(id: id, code: "sz01", name: "华东分站", domain: "shop.example.com", commissionBasisPoints: 500,
               status: status, expiresAt: seconds.map { healthNow.addingTimeInterval($0) },
               createdAt: Date(timeIntervalSince1970: 1_700_000_000))
}

/// A heartbeat `ago` seconds before `healthNow`; healthy figures unless told otherwise.
func beat(_ ago: TimeInterval, callbacks: Int = 0, failures: Int = 0, p95: Int = 800, orders: Int = 100,
          station: Int64 = 1) -> SubstationSignal {
    SubstationSignal(substationId: station, at: healthNow.addingTimeInterval(-ago), callbacks: callbacks,
                     callbackFailures: failures, deliveryP95Ms: p95, ordersLastHour: orders)
}

/// Seconds before `healthNow` of a heartbeat `hours` hours before a latest one sent at `beat(30)`.
func hoursBefore(_ hours: Int) -> TimeInterval { Double(hours) * 3_600 + 30 }

/// A day of hourly heartbeats before the latest one (1…24 hours before `beat(30)`), orders from `orders(hoursBack)`.
func history(_ orders: (Int) -> Int) -> [SubstationSignal] {
    (1...24).map { beat(hoursBefore($0), orders: orders($0)) }
}

func evaluate(_ signals: [SubstationSignal], station s: Substation = station(), rules: HealthRules = .defaults) -> HealthReport {
    HealthEvaluator.evaluate(substation: s, signals: signals, now: healthNow, rules: rules)
}
