import Foundation
import KamengDomain
import KamengStorage

extension SQLiteStore {
    /// Orders over the 30 days before `anchor`, oldest first, with the platform's daily and hourly rhythm
    /// and the stories the panes need: a bursting IP, a buyer farm on one device, a sold-out product.
    static func generateOrders(count: Int, anchor: Date, productIds: [Int64], stationIds: [String: Int64],
                               rng: inout SeededRandom) -> [DemoOrder] {
        let specs = DemoCatalogue.products
        let stations = DemoCatalogue.substations
        let popularity = specs.map(\.popularity)
        let traffic = stations.map(\.traffic)
        let dayStart = floor(anchor.timeIntervalSince1970 / 86_400) * 86_400
        let dayWeights = (0..<30).map { day -> Double in
            let weekday = Int((dayStart / 86_400 - Double(29 - day) + 3).truncatingRemainder(dividingBy: 7))
            return DemoCatalogue.weeklyRhythm[(weekday + 7) % 7]
        }
        var times: [Double] = (0..<count).map { _ in
            let day = rng.weighted(dayWeights)
            let hour = rng.weighted(DemoCatalogue.hourlyRhythm)
            // Hours are local (UTC+8) in the rhythm table.
            let offset = Double(((hour - 8) + 24) % 24) * 3_600 + Double(rng.below(3_600))
            return dayStart - Double(29 - day) * 86_400 + offset
        }
        // Today's hours after `anchor` have not happened yet: those orders move to the same hour yesterday.
        times = times.map { $0 >= anchor.timeIntervalSince1970 ? $0 - 86_400 : $0 }.sorted()
        let soldOut = specs.firstIndex { $0.stockDays == 0 }
        var sequenceByDay: [Int: Int] = [:]
        let methods: [PaymentMethod] = [.alipay, .wechat, .balance, .unionpay]
        return times.map { t -> DemoOrder in
            let created = Date(timeIntervalSince1970: t)
            let age = anchor.timeIntervalSince1970 - t
            var stationIndex = rng.weighted(traffic)
            if stations[stationIndex].health == .offline && age < 3 * 3_600 { stationIndex = 0 }
            if stations[stationIndex].health == .suspended && age < 86_400 { stationIndex = 1 }
            let productIndex = rng.weighted(popularity)
            let quantity = [1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 5][rng.below(12)]
            let dayKey = Int(t + 8 * 3_600) / 86_400
            let sequence = sequenceByDay[dayKey, default: 0] + 1
            sequenceByDay[dayKey] = sequence
            var order = Order(orderNo: orderNumber(dayKey: dayKey, sequence: sequence, rng: &rng),
                              substationId: stationIds[stations[stationIndex].code]!,
                              buyer: "u\(100_000 + rng.below(20_000))", ip: "\(rng.below(200) + 20).\(rng.below(255)).\(rng.below(255)).\(rng.below(254) + 1)",
                              device: "dev-\(rng.secret(length: 10).lowercased())", productId: productIds[productIndex],
                              quantity: quantity, amount: specs[productIndex].product.prices.retail * quantity,
                              paymentMethod: methods[rng.weighted([5, 4, 1.5, 0.5])], createdAt: created)
            applyStory(&order, age: age, soldOut: productIndex == soldOut, rng: &rng)
            return DemoOrder(order: order, productIndex: productIndex)
        }
    }

    /// Decides an order's fate from its age and luck: most are delivered, a few pending, held, refunded…
    private static func applyStory(_ order: inout Order, age: Double, soldOut: Bool, rng: inout SeededRandom) {
        let paidAt = order.createdAt.addingTimeInterval(Double(5 + rng.below(60)))
        func pay() { try? order.move(to: .paid, at: paidAt) }
        func deliver() { pay(); try? order.move(to: .delivered, at: paidAt.addingTimeInterval(Double(1 + rng.below(4)))) }
        if age < 900 && rng.chance(0.3) { return }
        if rng.chance(0.01) { try? order.move(to: .cancelled, at: paidAt); return }
        if age < 3 * 86_400 && rng.chance(0.012) {
            pay()
            flag(&order, rng: &rng)
            try? order.move(to: .flagged, at: paidAt)
            return
        }
        if soldOut && age < 8 * 3_600 { pay(); try? order.move(to: .awaitingStock, at: paidAt); return }
        deliver()
        if rng.chance(0.012) { try? order.move(to: .refunded, at: paidAt.addingTimeInterval(3_600)) }
    }

    private static func flag(_ order: inout Order, rng: inout SeededRandom) {
        switch rng.below(4) {
        case 0:
            order.ip = "203.0.113.77"
            order.riskScore = 70 + rng.below(20)
            order.riskFindings = [RiskFinding(rule: .ipVelocity, weight: order.riskScore, observed: 14, limit: 10)]
        case 1:
            order.device = "dev-farm-0001"
            order.riskScore = 65 + rng.below(25)
            order.riskFindings = [RiskFinding(rule: .buyersPerDevice, weight: order.riskScore, observed: 9, limit: 3)]
        case 2:
            order.quantity = 20
            order.amount = order.amount * 20
            order.riskScore = 60 + rng.below(20)
            order.riskFindings = [RiskFinding(rule: .newBuyerLargeOrder, weight: order.riskScore - 30, observed: order.amount.fen, limit: 50_000),
                                  RiskFinding(rule: .quantityCap, weight: 30, observed: 20, limit: 10)]
        default:
            order.riskScore = 85 + rng.below(15)
            order.riskFindings = [RiskFinding(rule: .blacklistedBuyer, weight: order.riskScore, observed: 1, limit: 0)]
        }
    }

    private static func orderNumber(dayKey: Int, sequence: Int, rng: inout SeededRandom) -> String {
        let date = Date(timeIntervalSince1970: Double(dayKey) * 86_400)
        let day = StoreTime.string(date).prefix(10).replacingOccurrences(of: "-", with: "")
        let tail = String(sequence)
        return day + String(repeating: "0", count: max(0, 6 - tail.count)) + tail + String(rng.below(10))
    }
}
