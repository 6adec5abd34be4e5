import Foundation
import KamengDomain
import KamengStorage

/// One ledger entry the demo books, before it has an id.
struct DemoMoneyEntry {
    enum Kind {
        case topUp(reference: String, amount: Money)
        case charge(orderIndex: Int, OrderCharge)
        case refund(orderIndex: Int, OrderCharge)
    }

    var at: Date
    var stationIndex: Int
    var kind: Kind
}

extension SQLiteStore {
    /// The substation that runs short: it tops up a little at a time and stopped a day ago, so its
    /// latest paid orders wait in `awaiting_funds` (the live simulator tops it up now and then).
    public static let demoShortStation = "tj-anan"
    /// How long before the anchor the short substation's last top-up may be.
    static let demoShortSince: TimeInterval = 26 * 3_600

    /// The money story of the generated orders, told in time order per substation: a top-up shortly
    /// before the charge it funds whenever the balance would not cover it, every delivery charged and
    /// every refund reversed. The short substation's deliveries that find too little after its last
    /// top-up become `awaiting_funds` here, before their keys are chosen.
    static func planDemoMoney(_ orders: inout [DemoOrder], anchor: Date, stationIds: [String: Int64],
                              rng: inout SeededRandom) -> [DemoMoneyEntry] {
        let stations = DemoCatalogue.substations
        let indexById = Dictionary(uniqueKeysWithValues: stations.enumerated().map { (stationIds[$1.code]!, $0) })
        let charges = orders.map { charge(of: $0, station: indexById[$0.order.substationId]!) }
        // Deliveries and refunds in time order; a refund an hour after payment, as the story has it.
        var events: [(at: Date, index: Int, refund: Bool)] = []
        for (index, generated) in orders.enumerated() {
            let order = generated.order
            guard order.status == .delivered || order.status == .refunded, let delivered = order.deliveredAt else { continue }
            events.append((delivered, index, false))
            if order.status == .refunded {
                let refundAt = max(delivered.addingTimeInterval(60), min(order.paidAt!.addingTimeInterval(3_600), anchor.addingTimeInterval(-60)))
                events.append((refundAt, index, true))
            }
        }
        events.sort { ($0.at, $0.index, $0.refund ? 1 : 0) < ($1.at, $1.index, $1.refund ? 1 : 0) }
        var dailyCharge = Array(repeating: Int64(0), count: stations.count)
        for event in events where !event.refund { dailyCharge[indexById[orders[event.index].order.substationId]!] += charges[event.index].charge.fen }
        dailyCharge = dailyCharge.map { $0 / 30 }
        let short = stations.firstIndex { $0.code == demoShortStation }
        let shortCutoff = anchor.addingTimeInterval(-demoShortSince)
        var balance = Array(repeating: Int64(0), count: stations.count)
        var lastEvent = Array(repeating: anchor.addingTimeInterval(-31 * 86_400), count: stations.count)
        var waiting = Set<Int>()
        var entries: [DemoMoneyEntry] = []
        var references = 0
        for event in events {
            let s = indexById[orders[event.index].order.substationId]!
            let c = charges[event.index]
            if event.refund {
                guard !waiting.contains(event.index) else { continue }
                entries.append(DemoMoneyEntry(at: event.at, stationIndex: s, kind: .refund(orderIndex: event.index, c)))
                balance[s] += c.charge.fen
                lastEvent[s] = event.at
                continue
            }
            if balance[s] < c.charge.fen {
                if s == short && event.at >= shortCutoff {
                    orders[event.index].order = waitingForFunds(orders[event.index].order)
                    waiting.insert(event.index)
                    continue
                }
                // A shop tops up a few days' charges in round hundreds; the short one only half a day's.
                let want = s == short ? c.charge.fen - balance[s] + dailyCharge[s] / 2 : c.charge.fen - balance[s] + dailyCharge[s] * 4
                let step: Int64 = s == short ? 10_000 : 50_000
                let amount = (max(want, 1) + step - 1) / step * step
                // Between the substation's previous entry and the charge, 10 minutes to 2 hours before it.
                let earliest = lastEvent[s].addingTimeInterval(1)
                let at = max(earliest, event.at.addingTimeInterval(-Double(600 + rng.below(6_600))))
                references += 1
                let reference = "DEMO-TOPUP-" + String(repeating: "0", count: max(0, 4 - String(references).count)) + String(references)
                entries.append(DemoMoneyEntry(at: min(at, event.at), stationIndex: s, kind: .topUp(reference: reference, amount: Money(fen: amount))))
                balance[s] += amount
            }
            balance[s] -= c.charge.fen
            entries.append(DemoMoneyEntry(at: event.at, stationIndex: s, kind: .charge(orderIndex: event.index, c)))
            lastEvent[s] = event.at
        }
        // Stable: a top-up stamped at its charge's instant stays before it.
        return entries.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
    }

    /// What the order's substation is charged for it, by the catalogue's prices and commissions.
    static func charge(of generated: DemoOrder, station: Int) -> OrderCharge {
        let stations = DemoCatalogue.substations
        let product = DemoCatalogue.products[generated.productIndex].product
        let parent = stations[station].parentCode.flatMap { code in stations.first { $0.code == code } }
        return OrderCharge(quantity: generated.order.quantity, retail: product.prices.retail, unitCost: product.cost,
                           commissionBasisPoints: stations[station].commissionBasisPoints,
                           parentBasisPoints: parent?.commissionBasisPoints)
    }

    /// The same order, paid and waiting for funds instead of delivered.
    private static func waitingForFunds(_ o: Order) -> Order {
        Order(orderNo: o.orderNo, substationId: o.substationId, buyer: o.buyer, ip: o.ip, device: o.device, productId: o.productId,
              quantity: o.quantity, amount: o.amount, paymentMethod: o.paymentMethod, status: .awaitingFunds,
              riskScore: o.riskScore, riskFindings: o.riskFindings, createdAt: o.createdAt, paidAt: o.paidAt)
    }
}
