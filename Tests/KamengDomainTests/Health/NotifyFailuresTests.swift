import Foundation
import Testing
import KamengDomain

/// `notify_failures`: the outbox's notices to the shop, judged by how many failed and how long the
/// oldest has waited; the heartbeat's callback figures are a rule of their own and stay as they are.
@Suite("Health: notify_failures")
struct NotifyFailuresTests {
    func report(failing: Int, undelivered: Int? = nil, waited: TimeInterval?, rules: HealthRules = .defaults) -> HealthReport {
        let notices = NoticeBacklog(undelivered: undelivered ?? max(failing, 1), failing: failing,
                                    oldestAt: waited.map { healthNow.addingTimeInterval(-$0) })
        return HealthEvaluator.evaluate(substation: station(), signals: [beat(30)], now: healthNow, rules: rules, notices: notices)
    }

    @Test("the defaults: warn at 10 failing or 15 minutes, down at 100 or 2 hours")
    func defaults() {
        let r = HealthRules.defaults
        let values: [Int] = [r.notifyWarnFailing, r.notifyDownFailing, r.notifyWarnMinutes, r.notifyDownMinutes]
        #expect(values == [10, 100, 15, 120])
    }

    @Test("by count: 9 failing is fine, 10 warns, 99 warns, 100 is down",
          arguments: [(9, nil), (10, HealthLevel.warn), (99, .warn), (100, .down)])
    func byCount(failing: Int, level: HealthLevel?) {
        let r = report(failing: failing, waited: 60)
        #expect(r.findings == (level.map { [HealthFinding(rule: .notifyFailures, level: $0, observed: Int64(failing), limit: $0 == .down ? 100 : 10)] } ?? []))
        #expect(r.level == level ?? .ok && r.notices?.failing == failing)
    }

    @Test("by age: 15 minutes is fine, a second more warns; past 2 hours is down, even with nothing failed yet (no sender)",
          arguments: [(900.0, nil), (901, HealthLevel.warn), (7_200, .warn), (7_201, .down)])
    func byAge(waited: TimeInterval, level: HealthLevel?) {
        let r = report(failing: 0, undelivered: 3, waited: waited)
        let expected = level.map { level in
            HealthFinding(rule: .notifyFailures, level: level, observed: 0, limit: level == .down ? 100 : 10,
                          waited: Int64(waited), waitLimit: level == .down ? 7_200 : 900)
        }
        #expect(r.findings == (expected.map { [$0] } ?? []))
    }

    @Test("no backlog, or no figures given, is silent; a delivered backlog does not count")
    func silent() {
        #expect(report(failing: 0, undelivered: 0, waited: nil).findings.isEmpty)
        #expect(HealthEvaluator.evaluate(substation: station(), signals: [beat(30)], now: healthNow).notices == nil)
        var rules = HealthRules.defaults
        rules.notifyWarnFailing = 1
        #expect(report(failing: 1, waited: 10, rules: rules).level == .warn)
    }

    @Test("explained in both languages, the age form naming both figures")
    func words() {
        let count = HealthFinding(rule: .notifyFailures, level: .warn, observed: 12, limit: 10)
        #expect(count.explanation(chinese: false) == "12 notices to the shop failed and are undelivered (limit 10)")
        #expect(count.explanation(chinese: true) == "12 条通知投递失败、尚未送达（上限 10 条）")
        let age = HealthFinding(rule: .notifyFailures, level: .down, observed: 2, limit: 100, waited: 7_500, waitLimit: 7_200)
        #expect(age.explanation(chinese: false) == "the oldest undelivered notice has waited 2h 5m (limit 2h); 2 failing")
        #expect(age.explanation(chinese: true) == "最早一条未送达的通知已等 2小时5分（上限 2小时），2 条投递失败")
    }
}
