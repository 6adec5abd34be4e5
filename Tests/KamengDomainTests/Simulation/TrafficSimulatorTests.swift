import Foundation
import Testing
import KamengDomain

@Suite("Traffic simulator: the stream")
struct TrafficSimulatorTests {
    @Test("the same seed gives the same stream; another seed another")
    func determinism() {
        let a = run(demoSettings(seed: 1), seconds: 1_800)
        #expect(a.count > 1_000)
        #expect(a == run(demoSettings(seed: 1), seconds: 1_800))
        #expect(a != run(demoSettings(seed: 2), seconds: 1_800))
    }

    @Test("events(until:) and next() continue one stream, in time order, from the start")
    func ordering() {
        var simulator = TrafficSimulator(settings: demoSettings())
        var events = simulator.events(until: localMidnight.addingTimeInterval(600))
        #expect(events.allSatisfy { $0.at < localMidnight.addingTimeInterval(600) })
        events += simulator.events(until: localMidnight.addingTimeInterval(1_200))
        events += simulator.prefix(200)
        #expect(events == run(demoSettings(), seconds: 1_200) + Array(run(demoSettings(), seconds: 7_200).dropFirst(events.count - 200).prefix(200)))
        #expect(zip(events, events.dropFirst()).allSatisfy { $0.at <= $1.at })
        #expect(events.first!.at >= localMidnight)
    }

    @Test("order numbers are valid, unique, and every payment follows its order on the same substation")
    func orderNumbers() {
        let events = run(demoSettings(), seconds: 3_600)
        let orders = events.orders
        #expect(orders.allSatisfy { Order.isValidOrderNo($0.orderNo) })
        #expect(Set(orders.map(\.orderNo)).count == orders.count)
        let placed = Dictionary(uniqueKeysWithValues: orders.map { ($0.orderNo, $0) })
        for payment in events.payments {
            let order = try! #require(placed[payment.orderNo])
            #expect(order.substation == payment.substation)
            #expect(payment.at.timeIntervalSince(order.at) >= 2 && payment.at.timeIntervalSince(order.at) <= 20)
        }
        #expect(Set(events.payments.map(\.txn)).count == events.payments.count)
    }

    @Test("an hour the rhythm leaves empty has no orders; without substations the stream ends")
    func emptyHoursAndNoStations() {
        var settings = demoSettings(rate: 1)
        settings.burstIP = nil
        settings.farmDevice = nil
        settings.hourlyRhythm = Array(repeating: 0, count: 6) + Array(repeating: 1, count: 18)
        let orders = run(settings, seconds: 8 * 3_600).orders
        #expect(orders.allSatisfy { $0.at >= localMidnight.addingTimeInterval(6 * 3_600) })
        #expect(orders.count > 6_000)
        settings.substations = []
        var simulator = TrafficSimulator(settings: settings)
        #expect(simulator.next() == nil)
    }

    @Test("a restarted run (another start time) does not reuse order numbers")
    func restart() {
        var later = demoSettings()
        later.start = localMidnight.addingTimeInterval(5)
        let first = Set(run(demoSettings(), seconds: 600).orders.map(\.orderNo))
        #expect(first.isDisjoint(with: run(later, seconds: 600).orders.map(\.orderNo)))
    }

    @Test("most orders are paid the right amount a few seconds later; a few never; a few wrongly")
    func payments() {
        var settings = demoSettings(rate: 2)
        settings.burstIP = nil   // card testing pays wrongly on purpose; count normal orders only
        settings.farmDevice = nil
        let events = run(settings, seconds: 3_600)
        let amounts = Dictionary(uniqueKeysWithValues: events.orders.map { ($0.orderNo, $0.amountFen) })
        let paid = events.payments.filter { amounts[$0.orderNo] != nil }
        let wrong = paid.filter { amounts[$0.orderNo] != $0.amountFen }
        let unpaid = amounts.count - paid.count
        let n = Double(amounts.count)
        #expect(Double(paid.count - wrong.count) / n > 0.88)
        #expect((0.03...0.10).contains(Double(unpaid) / n), "\(unpaid) unpaid of \(amounts.count)")
        #expect((0.005...0.04).contains(Double(wrong.count) / n), "\(wrong.count) wrong of \(amounts.count)")
    }

    @Test("every substation that trades sends a heartbeat every 30–60 s; suspended ones take no part")
    func heartbeats() {
        let beats = run(demoSettings(), seconds: 1_800).heartbeats
        let codes = Set(DemoCatalogue.substations.filter { $0.health != .suspended }.map(\.code))
        #expect(Set(beats.map(\.substation)) == codes)
        for code in codes {
            let times = beats.filter { $0.substation == code }.map(\.at)
            #expect(times.first!.timeIntervalSince(localMidnight) < 30)
            #expect(zip(times, times.dropFirst()).allSatisfy { (30...60).contains($1.timeIntervalSince($0)) })
        }
    }

    @Test("a heartbeat's callbacks are the payments since the last one; its order count is the trailing hour")
    func heartbeatFigures() {
        let events = run(demoSettings(), seconds: 2 * 3_600)
        let code = "main-east"
        var paymentsSince = 0
        var checked = 0
        for event in events where event.substation == code {
            switch event {
            case .payment: paymentsSince += 1
            case .heartbeat(_, let at, let callbacks, _, _, let perHour):
                #expect(callbacks == paymentsSince)
                paymentsSince = 0
                if at.timeIntervalSince(localMidnight) > 3_600 {
                    let expected = events.orders.filter { $0.substation == code && $0.at > at.addingTimeInterval(-3_600) && $0.at <= at }.count
                    #expect(perHour == expected)
                    checked += 1
                }
            default: break
            }
        }
        #expect(checked > 50)
    }

    @Test("in the first hour the part of the trailing hour before the run counts at the model's rate, so a fresh run is not a collapse")
    func firstHourScaled() {
        let beats = run(demoSettings(rate: 1), seconds: 3_600).heartbeats.filter { $0.substation == "main-east" }
        // At a slow rate the first heartbeats come before this substation's first order, yet already read
        // as an ordinary hour (a count scaled up from the run alone read 0: a collapse).
        let slow = run(demoSettings(rate: 0.2), seconds: 600)
        let firstOrder = slow.orders.filter { $0.substation == "main-east" }.map(\.at).min() ?? .distantFuture
        let early = slow.heartbeats.filter { $0.substation == "main-east" && $0.at < firstOrder }
        #expect(!early.isEmpty && early.allSatisfy { $0.ordersLastHour > 0 }, "\(early.map(\.ordersLastHour))")
        let late = beats.filter { $0.at.timeIntervalSince(localMidnight) > 1_200 }
        let orders = run(demoSettings(rate: 1), seconds: 7_200).heartbeats.filter { $0.substation == "main-east" && $0.at.timeIntervalSince(localMidnight) > 3_600 }
        let mean = { (xs: [SimHeartbeat]) in Double(xs.map(\.ordersLastHour).reduce(0, +)) / Double(xs.count) }
        // Midnight to 2 a.m. is a falling part of the rhythm, so the scaled first hour reads a little higher.
        #expect(mean(late) > mean(orders) * 0.7 && mean(late) < mean(orders) * 2)
    }
}
