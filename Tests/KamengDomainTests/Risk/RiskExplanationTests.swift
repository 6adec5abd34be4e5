import Testing
import KamengDomain

private func hasHan(_ text: String) -> Bool {
    text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
}

/// A finding for `rule` with figures that are easy to spot in the text.
private func sample(_ rule: RiskRule) -> RiskFinding {
    rule.alwaysHolds && rule != .amountMismatch
        ? RiskFinding(rule: rule, weight: 100, observed: 1, limit: 0)
        : RiskFinding(rule: rule, weight: 30, observed: 123_457, limit: 98_765)
}

@Suite("Risk explanations")
struct RiskExplanationTests {
    @Test("every rule explains itself in Chinese and in English", arguments: RiskRule.allCases)
    func bothLanguages(rule: RiskRule) {
        let finding = sample(rule)
        let zh = finding.explanation(chinese: true), en = finding.explanation(chinese: false)
        #expect(hasHan(zh), "\(rule) zh: \(zh)")
        #expect(!hasHan(en) && !en.isEmpty, "\(rule) en: \(en)")
        #expect(hasHan(rule.title(chinese: true)))
        #expect(!hasHan(rule.title(chinese: false)) && !rule.title(chinese: false).isEmpty)
    }

    @Test("threshold explanations carry the figures, amounts as yuan", arguments: RiskRule.allCases.filter { !$0.alwaysHolds || $0 == .amountMismatch })
    func figures(rule: RiskRule) {
        let finding = sample(rule)
        let observed = rule.measuresMoney ? "¥1234.57" : "123457"
        let limit = rule.measuresMoney ? "¥987.65" : "98765"
        for chinese in [true, false] {
            let text = finding.explanation(chinese: chinese)
            #expect(text.contains(observed) && text.contains(limit), "\(rule): \(text)")
        }
    }

    @Test("the texts are distinct, so staff can tell the rules apart")
    func distinct() {
        for chinese in [true, false] {
            #expect(Set(RiskRule.allCases.map { sample($0).explanation(chinese: chinese) }).count == RiskRule.allCases.count)
            #expect(Set(RiskRule.allCases.map { $0.title(chinese: chinese) }).count == RiskRule.allCases.count)
        }
    }

    @Test("the ids are the config keys, stable and snake_case")
    func ids() {
        #expect(RiskRule.allCases.map(\.rawValue) == [
            "ip_velocity", "buyer_velocity", "device_velocity", "buyers_per_device", "buyers_per_ip", "amount_cap",
            "quantity_cap", "new_buyer_large_order", "failed_payments", "blacklisted_ip", "blacklisted_buyer",
            "blacklisted_device", "amount_mismatch", "below_cost",
        ])
    }
}
