import Foundation

extension TrafficSimulator {
    /// An IP bursts: `burstOrders` orders within `burstSeconds` from a handful of buyers on one substation,
    /// many paying a token or short amount (card testing). Trips IP velocity, buyers per IP and failed payments.
    mutating func stageBurst(at start: Date) {
        guard let ip = settings.burstIP, !settings.substations.isEmpty, !settings.products.isEmpty else { nextBurstAt = nil; return }
        burstEpisodes += 1
        let episode = burstEpisodes
        let station = settings.substations[rng.below(settings.substations.count)].code
        let cheapest = settings.products.min { $0.priceFen < $1.priceFen }!
        let count = Swift.max(1, settings.burstOrders)
        for k in 0..<count {
            let who = k % Swift.max(1, settings.burstBuyers)
            let at = start.addingTimeInterval(settings.burstSeconds * Double(k) / Double(count))
            let order = SimulatedEvent.order(substation: station, orderNo: nextOrderNo(), sku: cheapest.sku, quantity: 1,
                                             amountFen: cheapest.priceFen, buyer: "burst\(episode)-\(who)", ip: ip,
                                             device: "dev-burst\(episode)-\(who)", at: at)
            schedule(.order(order, payment: .cardTesting), at: at)
        }
        nextBurstAt = start.addingTimeInterval(Swift.max(settings.burstEverySeconds, settings.burstSeconds + 1))
    }

    /// A buyer farm: `farmBuyers` new buyers on one device over `farmSeconds`, each buying the dearest
    /// product through a different proxy IP. Trips buyers per device, device velocity and new-buyer rules.
    mutating func stageFarm(at start: Date) {
        guard let device = settings.farmDevice, !settings.substations.isEmpty, !settings.products.isEmpty else { nextFarmAt = nil; return }
        farmEpisodes += 1
        let episode = farmEpisodes
        let station = settings.substations[rng.below(settings.substations.count)].code
        let dearest = settings.products.max { $0.priceFen < $1.priceFen }!
        let count = Swift.max(1, settings.farmBuyers)
        for k in 0..<count {
            let at = start.addingTimeInterval(settings.farmSeconds * Double(k) / Double(count))
            let quantity = 1 + rng.below(2)
            let order = SimulatedEvent.order(substation: station, orderNo: nextOrderNo(), sku: dearest.sku, quantity: quantity,
                                             amountFen: dearest.priceFen * Int64(quantity), buyer: "farm\(episode)-\(k)",
                                             ip: "100.64.\(rng.below(256)).\(1 + rng.below(254))", device: device, at: at)
            schedule(.order(order, payment: .normal), at: at)
        }
        nextFarmAt = start.addingTimeInterval(Swift.max(settings.farmEverySeconds, settings.farmSeconds + 1))
    }
}
