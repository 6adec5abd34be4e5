import KamengDomain
import TOMLKit

/// The `[health]` and `[forecast]` tables (Docs/Health.md, Docs/Forecast.md): flat keys, each optional.
enum HealthSettings {
    /// Health settings that are plain whole numbers: key, field, allowed range.
    static func wholeNumbers() -> [(String, WritableKeyPath<HealthRules, Int>, ClosedRange<Int>)] {
        [
            ("offline_after_minutes", \.offlineAfterMinutes, 1...10_080),
            ("callback_window_minutes", \.callbackWindowMinutes, 1...1_440),
            ("callback_min_count", \.callbackMinCount, 1...1_000_000),
            ("delivery_warn_ms", \.deliveryWarnMs, 1...3_600_000),
            ("delivery_down_ms", \.deliveryDownMs, 1...3_600_000),
            ("collapse_percent", \.collapsePercent, 0...100),
            ("collapse_min_baseline", \.collapseMinBaseline, 0...1_000_000),
            ("collapse_min_hours", \.collapseMinHours, 1...24),
            ("expiry_warn_days", \.expiryWarnDays, 0...3_650),
            ("notify_warn_failing", \.notifyWarnFailing, 1...1_000_000),
            ("notify_down_failing", \.notifyDownFailing, 1...1_000_000),
            ("notify_warn_minutes", \.notifyWarnMinutes, 1...10_080),
            ("notify_down_minutes", \.notifyDownMinutes, 1...10_080),
        ]
    }

    static func parseHealth(_ value: any TOMLValueConvertible, file: String) throws(ConfigError) -> HealthRules {
        let reader = try TableReader(value, path: "health", file: file)
        let numbers = wholeNumbers()
        try reader.rejectUnknown(numbers.map(\.0) + ["callback_warn_percent", "callback_down_percent"])
        var rules = HealthRules.defaults
        for (name, path, range) in numbers {
            if let v = try reader.int(name, in: range) { rules[keyPath: path] = v }
        }
        if let v = try reader.percent("callback_warn_percent") { rules.callbackWarnBasisPoints = v }
        if let v = try reader.percent("callback_down_percent") { rules.callbackDownBasisPoints = v }
        // A warn level above the down level would never show: refuse it rather than guess which was meant.
        if rules.callbackWarnBasisPoints > rules.callbackDownBasisPoints {
            throw reader.fail("callback_warn_percent", "must not be above callback_down_percent")
        }
        if rules.deliveryWarnMs > rules.deliveryDownMs {
            throw reader.fail("delivery_warn_ms", "must not be above delivery_down_ms")
        }
        if rules.notifyWarnFailing > rules.notifyDownFailing {
            throw reader.fail("notify_warn_failing", "must not be above notify_down_failing")
        }
        if rules.notifyWarnMinutes > rules.notifyDownMinutes {
            throw reader.fail("notify_warn_minutes", "must not be above notify_down_minutes")
        }
        return rules
    }

    static func parseForecast(_ value: any TOMLValueConvertible, file: String) throws(ConfigError) -> ForecastRules {
        let reader = try TableReader(value, path: "forecast", file: file)
        let numbers: [(String, WritableKeyPath<ForecastRules, Int>, ClosedRange<Int>)] = [
            ("sales_window_days", \.salesWindowDays, 1...365),
            ("cover_warn_days", \.coverWarnDays, 0...365),
            ("expiring_within_days", \.expiringWithinDays, 0...3_650),
        ]
        try reader.rejectUnknown(numbers.map(\.0))
        var rules = ForecastRules.defaults
        for (name, path, range) in numbers {
            if let v = try reader.int(name, in: range) { rules[keyPath: path] = v }
        }
        return rules
    }
}
