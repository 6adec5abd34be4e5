import Foundation
import Testing
import KamengDomain

@Suite("Health rules at their thresholds")
struct HealthThresholdTests {
    @Test("the defaults are the documented ones")
    func defaults() {
        let r = HealthRules.defaults
        let values: [Int] = [r.offlineAfterMinutes, r.callbackWindowMinutes, r.callbackMinCount, r.callbackWarnBasisPoints,
                             r.callbackDownBasisPoints, r.deliveryWarnMs, r.deliveryDownMs, r.collapsePercent,
                             r.collapseMinBaseline, r.collapseMinHours, r.expiryWarnDays]
        #expect(values == [5, 15, 10, 500, 2_000, 5_000, 30_000, 30, 20, 12, 7])
    }

    @Test("a fresh heartbeat with good figures is ok")
    func healthy() {
        let report = evaluate([beat(30, callbacks: 40, failures: 1)])
        #expect(report == HealthReport(level: .ok, findings: [], heartbeatAge: 30, callbackFailureBasisPoints: 250,
                                       deliveryP95Ms: 800, ordersLastHour: 100, orderBaseline: nil))
    }

    @Test("offline: heartbeat age 299 s and 300 s are fine, 301 s is down", arguments: [(299.0, false), (300, false), (301, true)])
    func offline(age: TimeInterval, down: Bool) {
        let report = evaluate([beat(age)])
        #expect(report.heartbeatAge == Int64(age))
        #expect(report.findings == (down ? [HealthFinding(rule: .offline, level: .down, observed: 301, limit: 300)] : []))
        #expect(report.level == (down ? .down : .ok))
    }

    @Test("offline_after_minutes moves the threshold; a fraction of a second does not count")
    func offlineConfigured() {
        var rules = HealthRules.defaults
        rules.offlineAfterMinutes = 1
        #expect(evaluate([beat(60.9)], rules: rules).level == .ok)
        #expect(evaluate([beat(61)], rules: rules).level == .down)
    }

    @Test("no heartbeat at all is down; one from the future counts as fresh")
    func noHeartbeat() {
        let none = evaluate([])
        #expect(none.level == .down)
        #expect(none.heartbeatAge == nil)
        #expect(none.findings == [HealthFinding(rule: .noHeartbeat, level: .down, observed: 0, limit: 0)])
        #expect(evaluate([beat(-20)]).heartbeatAge == 0)
        #expect(evaluate([beat(-20)]).level == .ok)
    }

    @Test("another substation's heartbeats do not count")
    func otherStation() {
        #expect(evaluate([beat(10, station: 2)]).findings.map(\.rule) == [.noHeartbeat])
        #expect(evaluate([beat(10, station: 2), beat(400)]).heartbeatAge == 400)
    }

    @Test("callback failures of 100: 4 and 5 fine, 6 warns; 20 warns, 21 is down",
          arguments: [(4, nil), (5, nil), (6, HealthLevel.warn), (19, .warn), (20, .warn), (21, .down)])
    func callbackRate(failures: Int, level: HealthLevel?) {
        let report = evaluate([beat(30, callbacks: 60, failures: failures / 2), beat(300, callbacks: 40, failures: failures - failures / 2)])
        #expect(report.callbackFailureBasisPoints == failures * 100)
        let expected = level.map { HealthFinding(rule: .callbackFailures, level: $0, observed: Int64(failures * 100),
                                                  limit: $0 == .down ? 2_000 : 500) }
        #expect(report.findings == (expected.map { [$0] } ?? []))
        #expect(report.level == level ?? .ok)
    }

    @Test("a rate a hair over 5% warns although it shows as 5.00%")
    func rateHairOver() {
        let report = evaluate([beat(30, callbacks: 10_001, failures: 501)])
        #expect(report.callbackFailureBasisPoints == 500)
        #expect(report.level == .warn)
    }

    @Test("fewer than callback_min_count callbacks say nothing: 9 all failing is fine, 10 and 11 are down",
          arguments: [(9, false), (10, true), (11, true)])
    func minimumCount(callbacks: Int, down: Bool) {
        let report = evaluate([beat(30, callbacks: callbacks, failures: callbacks)])
        #expect(report.callbackFailureBasisPoints == 10_000)
        #expect(report.level == (down ? .down : .ok))
    }

    @Test("only callbacks inside the 15-minute window count")
    func callbackWindow() {
        let old = beat(900, callbacks: 100, failures: 100)
        #expect(evaluate([beat(30), old]).callbackFailureBasisPoints == nil)
        #expect(evaluate([beat(30), beat(899, callbacks: 100, failures: 100)]).level == .down)
        #expect(evaluate([beat(30, callbacks: 100), old]).level == .ok)
    }

    @Test("failures reported above the callback count are capped at it")
    func failuresCapped() {
        #expect(evaluate([beat(30, callbacks: 20, failures: 50)]).callbackFailureBasisPoints == 10_000)
    }

    @Test("delivery p95: 5,000 ms fine, 5,001 warns; 30,000 warns, 30,001 is down",
          arguments: [(4_999, HealthLevel.ok), (5_000, .ok), (5_001, .warn), (29_999, .warn), (30_000, .warn), (30_001, .down)])
    func latency(p95: Int, level: HealthLevel) {
        let report = evaluate([beat(30, p95: p95)])
        #expect(report.level == level)
        #expect(report.deliveryP95Ms == p95)
        if level != .ok {
            #expect(report.findings == [HealthFinding(rule: .deliveryLatency, level: level, observed: Int64(p95),
                                                      limit: level == .down ? 30_000 : 5_000)])
        }
    }

    @Test("only the latest heartbeat's latency counts")
    func latestLatency() {
        #expect(evaluate([beat(30, p95: 900), beat(90, p95: 60_000)]).level == .ok)
        #expect(evaluate([beat(90, p95: 900), beat(30, p95: 60_000)]).level == .down)
    }

    @Test("expiry: 7 days + 1 s and exactly 7 days are fine, 7 days − 1 s warns",
          arguments: [(604_801.0, false), (604_800, false), (604_799, true)])
    func expiringSoon(seconds: TimeInterval, warns: Bool) {
        let report = evaluate([beat(30)], station: station(expiresIn: seconds))
        #expect(report.findings == (warns ? [HealthFinding(rule: .expiringSoon, level: .warn, observed: 604_799, limit: 604_800)] : []))
    }

    @Test("expired: one second left warns, at expiry and after it is down", arguments: [(1.0, HealthRule.expiringSoon), (0, .expired), (-1, .expired)])
    func expired(seconds: TimeInterval, rule: HealthRule) {
        let report = evaluate([beat(30)], station: station(expiresIn: seconds))
        #expect(report.findings.map(\.rule) == [rule])
        #expect(report.level == (rule == .expired ? .down : .warn))
    }
}
