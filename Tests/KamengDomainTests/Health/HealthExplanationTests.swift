import Testing
import KamengDomain

private func hasHan(_ text: String) -> Bool {
    text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
}

@Suite("Health explanations")
struct HealthExplanationTests {
    @Test("every rule explains itself in Chinese and in English", arguments: HealthRule.allCases)
    func bothLanguages(rule: HealthRule) {
        let finding = HealthFinding(rule: rule, level: .warn, observed: 1_234, limit: 500)
        #expect(hasHan(finding.explanation(chinese: true)))
        #expect(!hasHan(finding.explanation(chinese: false)) && !finding.explanation(chinese: false).isEmpty)
        #expect(hasHan(rule.title(chinese: true)) && !hasHan(rule.title(chinese: false)))
    }

    @Test("the figures in words", arguments: [
        (HealthFinding(rule: .offline, level: .down, observed: 7_265, limit: 300),
         "已 2小时1分 无心跳（超过 5分 视为离线）", "no heartbeat for 2h 1m (offline after 5m)"),
        (HealthFinding(rule: .callbackFailures, level: .warn, observed: 623, limit: 500),
         "回调失败率 6.23%（上限 5.00%）", "callback failure rate 6.23% (limit 5.00%)"),
        (HealthFinding(rule: .deliveryLatency, level: .warn, observed: 5_049, limit: 5_000),
         "发货延迟 P95 5.0 秒（上限 5.0 秒）", "delivery p95 5.0 s (limit 5.0 s)"),
        (HealthFinding(rule: .orderRateCollapse, level: .warn, observed: 3, limit: 30),
         "近一小时订单 3 笔，低于平时的 30 笔", "3 orders in the last hour, under the usual floor of 30"),
        (HealthFinding(rule: .expiringSoon, level: .warn, observed: 3 * 86_400 + 7_200, limit: 604_800),
         "3天2小时 后到期", "expires in 3d 2h"),
        (HealthFinding(rule: .expired, level: .down, observed: -45, limit: 0), "已于 45秒 前到期", "expired 45s ago"),
    ])
    func words(finding: HealthFinding, zh: String, en: String) {
        #expect(finding.explanation(chinese: true) == zh)
        #expect(finding.explanation(chinese: false) == en)
    }

    @Test("level titles in both languages")
    func levelTitles() {
        #expect(HealthLevel.allCases.map { $0.title(chinese: true) } == ["正常", "已暂停", "告警", "故障"])
        #expect(HealthLevel.allCases.map { $0.title(chinese: false) } == ["ok", "suspended", "warning", "down"])
    }
}
