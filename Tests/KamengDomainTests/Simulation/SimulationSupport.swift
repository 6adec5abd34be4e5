import Foundation
import KamengDomain

/// 2026-09-21 16:00 UTC: midnight in the shops' time (UTC+8).
let localMidnight = Date(timeIntervalSince1970: 1_790_006_400)

func demoSettings(rate: Double = 0.5, seed: UInt64 = 7) -> SimulationSettings {
    .demo(start: localMidnight, ordersPerSecond: rate, seed: seed)
}

struct SimOrder {
    var substation, orderNo, sku, buyer, ip, device: String
    var quantity: Int
    var amountFen: Int64
    var at: Date
}

struct SimHeartbeat {
    var substation: String
    var at: Date
    var callbacks, failures, p95, ordersLastHour: Int
}

extension Array where Element == SimulatedEvent {
    var orders: [SimOrder] {
        compactMap {
            guard case .order(let s, let no, let sku, let q, let amount, let buyer, let ip, let device, let at) = $0 else { return nil }
            return SimOrder(substation: s, orderNo: no, sku: sku, buyer: buyer, ip: ip, device: device, quantity: q, amountFen: amount, at: at)
        }
    }

    var payments: [(substation: String, orderNo: String, amountFen: Int64, txn: String, at: Date)] {
        compactMap {
            guard case .payment(let s, let no, let amount, _, let txn, let at) = $0 else { return nil }
            return (s, no, amount, txn, at)
        }
    }

    var heartbeats: [SimHeartbeat] {
        compactMap {
            guard case .heartbeat(let s, let at, let c, let f, let p95, let perHour) = $0 else { return nil }
            return SimHeartbeat(substation: s, at: at, callbacks: c, failures: f, p95: p95, ordersLastHour: perHour)
        }
    }
}

/// The first `seconds` of a run.
func run(_ settings: SimulationSettings, seconds: TimeInterval) -> [SimulatedEvent] {
    var simulator = TrafficSimulator(settings: settings)
    return simulator.events(until: settings.start.addingTimeInterval(seconds))
}
