import Foundation
import KamengConfig
import KamengDomain
import Testing

private func parse(_ text: String) throws -> ConfigFile { try ConfigFile.parse(text, file: "config.toml") }

@Suite("config.toml: [risk], [health], [forecast]")
struct RuleSettingsTests {
    @Test("a file without the tables keeps every documented default")
    func defaults() throws {
        let config = try parse("theme = \"light\"")
        #expect(config.risk == .defaults)
        #expect(config.health == .defaults)
        #expect(config.forecast == .defaults)
    }

    @Test("risk: top-level settings and per-rule tables; omitted keys keep their defaults")
    func risk() throws {
        let config = try parse("""
            [risk]
            window_seconds = 300
            hold_score = 80
            blacklist_weight = 90
            amount_mismatch_weight = 70
            [risk.ip_velocity]
            limit = 20
            [risk.buyers_per_device]
            weight = 75
            enabled = false
            [risk.amount_cap]
            limit = 500000
            """)
        var expected = RiskRules.defaults
        expected.windowSeconds = 300
        expected.holdScore = 80
        expected.blacklistWeight = 90
        expected.amountMismatchWeight = 70
        expected.ipVelocity = RiskThreshold(limit: 20, weight: 40)
        expected.buyersPerDevice = RiskThreshold(limit: 3, weight: 75, enabled: false)
        expected.amountCap.limit = 500_000
        #expect(config.risk == expected)
    }

    @Test("risk: below_cost_weight sets the below_cost rule's weight; out of range names the key")
    func belowCostWeight() throws {
        #expect(RiskRules.defaults.belowCostWeight == 100)
        var expected = RiskRules.defaults
        expected.belowCostWeight = 0
        #expect(try parse("[risk]\nbelow_cost_weight = 0").risk == expected)
        expected.belowCostWeight = 35
        #expect(try parse("[risk]\nbelow_cost_weight = 35").risk == expected)
        let error = #expect(throws: ConfigError.self) { _ = try parse("[risk]\nbelow_cost_weight = 10001") }
        #expect(error?.description.contains("risk.below_cost_weight: must be from 0 to 10000") == true, "\(error?.description ?? "")")
    }

    @Test("every threshold rule id is a table the file may set", arguments: RiskRules.thresholdRules)
    func everyRule(rule: RiskRule) throws {
        let config = try parse("[risk.\(rule.rawValue)]\nlimit = 1234\nweight = 5\nenabled = false")
        #expect(config.risk[rule] == RiskThreshold(limit: 1234, weight: 5, enabled: false))
        var others = config.risk
        others[keyPath: try #require(RiskRules.keyPath(for: rule))] = RiskRules.defaults[rule]!
        #expect(others == .defaults, "only \(rule.rawValue) changed")
    }

    @Test("health: whole numbers and percentages (5 or 2.5)")
    func health() throws {
        let config = try parse("""
            [health]
            offline_after_minutes = 10
            callback_window_minutes = 30
            callback_min_count = 50
            callback_warn_percent = 2.5
            callback_down_percent = 15
            delivery_warn_ms = 3000
            delivery_down_ms = 20000
            collapse_percent = 25
            collapse_min_baseline = 40
            collapse_min_hours = 18
            expiry_warn_days = 14
            notify_warn_failing = 3
            notify_down_failing = 30
            notify_warn_minutes = 5
            notify_down_minutes = 60
            """)
        var expected = HealthRules.defaults
        expected.offlineAfterMinutes = 10
        expected.callbackWindowMinutes = 30
        expected.callbackMinCount = 50
        expected.callbackWarnBasisPoints = 250
        expected.callbackDownBasisPoints = 1_500
        expected.deliveryWarnMs = 3_000
        expected.deliveryDownMs = 20_000
        expected.collapsePercent = 25
        expected.collapseMinBaseline = 40
        expected.collapseMinHours = 18
        expected.expiryWarnDays = 14
        expected.notifyWarnFailing = 3
        expected.notifyDownFailing = 30
        expected.notifyWarnMinutes = 5
        expected.notifyDownMinutes = 60
        #expect(config.health == expected)
    }

    @Test("forecast")
    func forecast() throws {
        let config = try parse("[forecast]\nsales_window_days = 14\ncover_warn_days = 5\nexpiring_within_days = 30")
        var expected = ForecastRules.defaults
        expected.salesWindowDays = 14
        expected.coverWarnDays = 5
        expected.expiringWithinDays = 30
        #expect(config.forecast == expected)
    }

    @Test("mistakes name the file and the key", arguments: [
        ("[risk]\nhold = 60", "unknown setting \"risk.hold\""),
        ("[risk.ip_velocty]\nlimit = 3", "unknown setting \"risk.ip_velocty\""),
        ("[risk.blacklisted_ip]\nweight = 3", "unknown setting \"risk.blacklisted_ip\""),
        ("[risk.ip_velocity]\nlimt = 3", "unknown setting \"risk.ip_velocity.limt\""),
        ("[risk.ip_velocity]\nlimit = \"10\"", "risk.ip_velocity.limit: expected a whole number"),
        ("[risk.ip_velocity]\nlimit = 2.5", "risk.ip_velocity.limit: expected a whole number"),
        ("[risk.ip_velocity]\nlimit = -1", "risk.ip_velocity.limit: must be at least 0"),
        ("[risk.ip_velocity]\nenabled = 1", "risk.ip_velocity.enabled: expected true or false"),
        ("[risk.quantity_cap]\nweight = 10001", "risk.quantity_cap.weight: must be from 0 to 10000"),
        ("[risk]\nhold_score = 0", "risk.hold_score: must be from 1 to 1000000"),
        ("[risk]\nip_velocity = 5", "risk.ip_velocity: expected a table"),
        ("risk = 5", "risk: expected a table"),
        ("[health]\noffline_after = 5", "unknown setting \"health.offline_after\""),
        ("[health]\noffline_after_minutes = 0", "health.offline_after_minutes: must be from 1 to 10080"),
        ("[health]\ncallback_warn_percent = \"5%\"", "health.callback_warn_percent: expected a percentage"),
        ("[health]\ncallback_down_percent = 101", "health.callback_down_percent: must be from 0 to 100"),
        ("[health]\ncallback_warn_percent = 30", "health.callback_warn_percent: must not be above callback_down_percent"),
        ("[health]\ndelivery_down_ms = 4000", "health.delivery_warn_ms: must not be above delivery_down_ms"),
        ("[health]\nnotify_down_failing = 5", "health.notify_warn_failing: must not be above notify_down_failing"),
        ("[health]\nnotify_warn_minutes = 200", "health.notify_warn_minutes: must not be above notify_down_minutes"),
        ("[forecast]\nsales_window_days = 0", "forecast.sales_window_days: must be from 1 to 365"),
        ("[forecast]\nwindow = 7", "unknown setting \"forecast.window\""),
        ("[alerts]\nx = 1", "unknown setting \"alerts\""),
    ])
    func errors(text: String, expected: String) {
        let error = #expect(throws: ConfigError.self) { _ = try parse(text) }
        #expect(error?.description.hasPrefix("config.toml: ") == true)
        #expect(error?.description.contains(expected) == true, "\(error?.description ?? "")")
    }

    @Test("the boundaries of a range are accepted", arguments: [
        "[risk]\nhold_score = 1", "[risk.ip_velocity]\nlimit = 0", "[risk.ip_velocity]\nweight = 10000",
        "[health]\ncallback_warn_percent = 0", "[health]\ncallback_down_percent = 100", "[health]\ncollapse_min_hours = 24",
        "[forecast]\ncover_warn_days = 0",
    ])
    func boundaries(text: String) throws {
        _ = try parse(text)
    }
}
