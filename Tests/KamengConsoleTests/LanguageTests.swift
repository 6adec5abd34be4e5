import Foundation
import KamengConsole
import KamengDomain
import Testing

@Suite("language and clock")
struct LanguageTests {
    @Test(arguments: [
        ([:], UILanguage.en),
        (["LANG": "zh_CN.UTF-8"], .zh),
        (["LANG": "en_US.UTF-8"], .en),
        (["LANG": "C.UTF-8"], .en),
        (["LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_TW.UTF-8"], .zh),
        (["LANG": "zh_CN.UTF-8", "LC_ALL": "C"], .en),
        (["LANG": "zh_CN.UTF-8", "LC_ALL": ""], .zh),
        (["LC_ALL": "zh_HK"], .zh),
    ])
    func environmentChoosesTheLanguage(environment: [String: String], expected: UILanguage) {
        #expect(UILanguage.from(environment: environment) == expected)
    }

    @Test func flagOverridesTheEnvironment() {
        #expect(UILanguage.resolve(flag: "en", environment: ["LANG": "zh_CN.UTF-8"]) == .en)
        #expect(UILanguage.resolve(flag: "zh", environment: ["LANG": "en_US.UTF-8"]) == .zh)
        #expect(UILanguage.resolve(flag: nil, environment: ["LANG": "zh_CN.UTF-8"]) == .zh)
        #expect(UILanguage.resolve(flag: "fr", environment: [:]) == nil)
    }

    @Test func timesAreShownInBeijingTimeUnlessTZSaysOtherwise() {
        #expect(ConsoleClock.timeZone(environment: [:]) == ConsoleClock.beijing)
        #expect(ConsoleClock.timeZone(environment: ["TZ": "Not/AZone"]) == ConsoleClock.beijing)
        let utc = ConsoleClock.timeZone(environment: ["TZ": ":UTC"])
        #expect(ConsoleClock.short(Fixture.newest, in: utc) == "11-22 06:00:00")
        #expect(ConsoleClock.short(Fixture.newest, in: ConsoleClock.beijing) == "11-22 14:00:00")
        #expect(ConsoleClock.label(ConsoleClock.beijing) == "UTC+8")
        #expect(ConsoleClock.label(TimeZone(secondsFromGMT: -12_600)!) == "UTC-3:30")
    }

    @Test func paneTitlesInBothLanguages() {
        #expect(Pane.allCases.map { $0.title(.zh) } == ["库存导入", "低库存预警", "订单审核", "分站状态", "风控队列", "报表"])
        #expect(Pane.allCases.map { $0.title(.en) } == ["Import", "Alerts", "Orders", "Substations", "Risk", "Reports"])
    }
}
