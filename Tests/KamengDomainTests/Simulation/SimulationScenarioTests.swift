import Foundation
import Testing
import KamengDomain

@Suite("Traffic simulator: the staged scenarios")
struct SimulationScenarioTests {
    @Test("the daily rhythm: the 9 p.m. hour sells many times the 4 a.m. hour, tracking the rhythm table")
    func rhythm() {
        var settings = demoSettings(rate: 0.2)
        settings.burstIP = nil
        settings.farmDevice = nil
        let orders = run(settings, seconds: 86_400).orders
        var perHour = [Int](repeating: 0, count: 24)
        for order in orders { perHour[Int(order.at.timeIntervalSince(localMidnight)) / 3_600] += 1 }
        #expect(perHour[21] > 10 * perHour[4], "\(perHour)")
        let rhythm = DemoCatalogue.hourlyRhythm
        let expected = rhythm.map { 0.2 * 3_600 * $0 / (rhythm.reduce(0, +) / 24) }
        for hour in 0..<24 {
            #expect(abs(Double(perHour[hour]) - expected[hour]) < 0.2 * expected[hour] + 30, "hour \(hour): \(perHour[hour]) vs \(expected[hour])")
        }
        // Off: a flat rhythm gives flat hours.
        settings.hourlyRhythm = Array(repeating: 1, count: 24)
        let flat = run(settings, seconds: 6 * 3_600).orders
        #expect((620...820).contains(flat.filter { $0.at < localMidnight.addingTimeInterval(3_600) }.count))
    }

    @Test("an IP bursts: more than 10 orders from over 5 buyers inside 10 minutes, and the risk rules hold them")
    func burst() throws {
        let events = run(demoSettings(), seconds: 900)
        let burst = events.orders.filter { $0.ip == "203.0.113.66" }
        #expect(burst.count == 18)
        #expect(Set(burst.map(\.buyer)).count == 6)
        #expect(burst.last!.at.timeIntervalSince(burst.first!.at) < 600)
        let amounts = Dictionary(uniqueKeysWithValues: burst.map { ($0.orderNo, $0.amountFen) })
        let wrong = events.payments.filter { payment in amounts[payment.orderNo].map { $0 != payment.amountFen } ?? false }
        #expect(wrong.count >= 3, "card testing pays wrongly")
        let last = try #require(burst.last)
        let facts = RiskFacts(amount: Money(fen: last.amountFen), quantity: last.quantity, ordersFromIP: burst.count,
                              buyersOnIP: Set(burst.map(\.buyer)).count, buyerPriorOrders: 2)
        let assessment = RiskEngine.assess(facts)
        #expect(assessment.findings.map(\.rule) == [.ipVelocity, .buyersPerIP])
        #expect(assessment.held)
        #expect(!events.orders.filter { $0.ip != "203.0.113.66" }.contains { $0.buyer.hasPrefix("burst") })
    }

    @Test("a buyer farm: 12 new buyers on one device inside 10 minutes, held by the default rules")
    func farm() throws {
        let events = run(demoSettings(), seconds: 900)
        let farm = events.orders.filter { $0.device == "dev-farm-7f3a" }
        #expect(farm.count == 12)
        #expect(Set(farm.map(\.buyer)).count == 12)
        #expect(Set(farm.map(\.ip)).count > 6)
        #expect(farm.last!.at.timeIntervalSince(farm.first!.at) < 600)
        let facts = RiskFacts(amount: Money(fen: farm.last!.amountFen), quantity: farm.last!.quantity,
                              ordersFromDevice: farm.count, buyersOnDevice: Set(farm.map(\.buyer)).count)
        let assessment = RiskEngine.assess(facts)
        #expect(assessment.findings.map(\.rule).starts(with: [.deviceVelocity, .buyersPerDevice]))
        #expect(assessment.held)
        // Normal buyers never share that device.
        #expect(events.orders.filter { $0.buyer.hasPrefix("u") }.allSatisfy { $0.device != "dev-farm-7f3a" })
    }

    @Test("the scenarios repeat, and can be switched off")
    func repeatAndOff() {
        let day = run(demoSettings(rate: 0.05), seconds: 3 * 3_600).orders
        #expect(day.filter { $0.ip == "203.0.113.66" }.count == 18 * 9)
        #expect(day.filter { $0.device == "dev-farm-7f3a" }.count == 12 * 6)
        var off = demoSettings(rate: 0.05)
        off.burstIP = nil
        off.farmDevice = nil
        off.hotSKU = nil
        let quiet = run(off, seconds: 3 * 3_600).orders
        #expect(quiet.allSatisfy { $0.buyer.hasPrefix("u") })
    }

    @Test("one substation's callbacks fail more and more: fine at first, warn, then down by health rules")
    func failingSubstation() throws {
        let events = run(demoSettings(rate: 2), seconds: 2_400)
        func report(_ code: String, at seconds: TimeInterval) -> HealthReport {
            let now = localMidnight.addingTimeInterval(seconds)
            let signals = events.heartbeats.filter { $0.substation == code && $0.at <= now }.map {
                SubstationSignal(substationId: 1, at: $0.at, callbacks: $0.callbacks, callbackFailures: $0.failures,
                                 deliveryP95Ms: $0.p95, ordersLastHour: $0.ordersLastHour)
            }
            let station = Substation(id: 1, code: code, name: code, domain: "x.example.com", commissionBasisPoints: 0,
                                     createdAt: localMidnight)
            return HealthEvaluator.evaluate(substation: station, signals: signals, now: now)
        }
        #expect(report("sz-sudi", at: 240).level == .ok)
        let middle = report("sz-sudi", at: 900)
        #expect(middle.level >= .warn, "\(middle)")
        let end = report("sz-sudi", at: 2_400)
        #expect(end.level == .down)
        #expect(end.findings.contains { $0.rule == .callbackFailures && $0.level == .down })
        #expect(end.findings.contains { $0.rule == .deliveryLatency })
        #expect(report("main-east", at: 2_400).level == .ok)
        #expect(report("gz-lele", at: 2_400).level == .ok)
    }

    @Test("one product sells much faster than the rest")
    func hotProduct() {
        let orders = run(demoSettings(rate: 1), seconds: 3_600).orders.filter { $0.buyer.hasPrefix("u") }
        let counts = Dictionary(grouping: orders, by: \.sku).mapValues(\.count)
        let hot = counts["QQ-COIN-10"] ?? 0
        #expect(Double(hot) / Double(orders.count) > 0.3)
        #expect(counts.filter { $0.key != "QQ-COIN-10" }.values.allSatisfy { $0 * 2 < hot })
        var cold = demoSettings(rate: 1)
        cold.hotSKU = nil
        let coldCounts = Dictionary(grouping: run(cold, seconds: 3_600).orders, by: \.sku).mapValues(\.count)
        #expect((coldCounts["QQ-COIN-10"] ?? 0) * 2 < hot)
    }
}
