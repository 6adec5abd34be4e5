import Foundation
import Testing
import KamengDomain

@Suite("Health levels, the order-rate baseline and explanations")
struct HealthLevelTests {
    @Test("levels order by urgency: ok < suspended < warn < down")
    func ordering() {
        #expect(HealthLevel.allCases.sorted() == [.ok, .suspended, .warn, .down])
        #expect(HealthLevel.allCases.map(\.id) == ["ok", "suspended", "warn", "down"])
    }

    @Test("the worst finding sets the level, and findings come worst first")
    func worstWins() {
        let report = evaluate([beat(301, p95: 6_000)], station: station(expiresIn: 3_600))
        #expect(report.level == .down)
        #expect(report.findings.map(\.rule) == [.offline, .expiringSoon, .deliveryLatency])
    }

    @Test("suspended and closed show as suspended over any other finding", arguments: [(SubstationStatus.suspended, HealthRule.suspended), (.closed, .closed)])
    func stopped(status: SubstationStatus, rule: HealthRule) {
        let quiet = evaluate([beat(3_600)], station: station(status: status))
        #expect(quiet.level == .suspended)
        #expect(quiet.findings.map(\.rule) == [.offline, rule])
        #expect(evaluate([beat(30)], station: station(status: status)).findings == [HealthFinding(rule: rule, level: .suspended, observed: 0, limit: 0)])
    }

    @Test("order rate against a flat baseline of 100: 29 warns, 30 and 31 are fine", arguments: [(29, true), (30, false), (31, false)])
    func collapse(orders: Int, warns: Bool) {
        let report = evaluate(history { _ in 100 } + [beat(30, orders: orders)])
        #expect(report.orderBaseline == 100)
        #expect(report.findings == (warns ? [HealthFinding(rule: .orderRateCollapse, level: .warn, observed: 29, limit: 30)] : []))
    }

    @Test("a fractional floor rounds up: 30% of 25 is 7.5, so 7 warns (floor 8) and 8 is fine", arguments: [(7, true), (8, false)])
    func fractionalFloor(orders: Int, warns: Bool) {
        let report = evaluate(history { _ in 25 } + [beat(30, orders: orders)])
        #expect(report.findings == (warns ? [HealthFinding(rule: .orderRateCollapse, level: .warn, observed: 7, limit: 8)] : []))
    }

    @Test("a baseline under 20 orders an hour is too thin: 19 says nothing, 20 and 21 count", arguments: [(19, false), (20, true), (21, true)])
    func thinBaseline(usual: Int, counts: Bool) {
        let report = evaluate(history { _ in usual } + [beat(30, orders: 0)])
        #expect(report.orderBaseline == (counts ? usual : nil))
        #expect(report.findings.map(\.rule) == (counts ? [.orderRateCollapse] : []))
    }

    @Test("the baseline needs 12 of the previous 24 hours: 11 are not enough", arguments: [(11, false), (12, true), (13, true)])
    func hoursNeeded(hours: Int, counts: Bool) {
        let signals = (1...hours).map { beat(hoursBefore($0), orders: 100) } + [beat(30, orders: 0)]
        #expect((evaluate(signals).orderBaseline != nil) == counts)
    }

    @Test("the median of the hours, one heartbeat per hour (the latest in each)")
    func median() {
        // Hours 1…24 back sell 10, 20, …, 240; extra heartbeats a little earlier in each hour must not count.
        let noise = (1...24).map { beat(hoursBefore($0) + 600, orders: 9_999) }
        let signals = noise + history { $0 * 10 } + [beat(30, orders: 100)]
        // Same hour yesterday (240) is above the median (125), so the median is the baseline.
        #expect(evaluate(signals.shuffled()).orderBaseline == 125)
    }

    @Test("a quiet night is compared with last night, not with the day's median")
    func quietNight() {
        // A day shaped like the demo's rhythm, ×10: 4 a.m. sells 6, the evening 100.
        let rhythm = DemoCatalogue.hourlyRhythm.map { Int($0 * 10) }
        let nowHour = 4
        let signals = history { rhythm[((nowHour - $0) % 24 + 24) % 24] }
        let night = evaluate(signals + [beat(30, orders: rhythm[nowHour])])
        #expect(night.orderBaseline == nil, "last night's 6 an hour is too thin to judge")
        #expect(night.findings.isEmpty)
        // Without the same hour yesterday, the median alone would have called it a collapse.
        let noYesterday = evaluate(signals.filter { $0.at > healthNow.addingTimeInterval(-hoursBefore(24)) } + [beat(30, orders: rhythm[nowHour])])
        #expect(noYesterday.findings.map(\.rule) == [.orderRateCollapse])
    }

    @Test("a real daytime drop is caught against the same hour yesterday")
    func daytimeDrop() {
        let rhythm = DemoCatalogue.hourlyRhythm.map { Int($0 * 10) }
        let signals = history { rhythm[((20 - $0) % 24 + 24) % 24] }
        #expect(evaluate(signals + [beat(30, orders: rhythm[20])]).findings.isEmpty)
        let drop = evaluate(signals + [beat(30, orders: 5)])
        #expect(drop.orderBaseline == 50)      // the median (50) is under 8 p.m. yesterday (95)
        #expect(drop.findings == [HealthFinding(rule: .orderRateCollapse, level: .warn, observed: 5, limit: 15)])
    }
}
