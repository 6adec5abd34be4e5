import KamengDomain
import TOMLKit

/// The `[api]` table (Docs/API.md): the HTTP API's limits and the outbox sender's schedule. Flat keys,
/// each optional; a value outside its range is an error naming it, as for the other tables.
enum APISettingsTable {
    static func parse(_ value: any TOMLValueConvertible, file: String) throws(ConfigError) -> APISettings {
        let reader = try TableReader(value, path: "api", file: file)
        let wholeNumbers: [(String, WritableKeyPath<APISettings, Int>, ClosedRange<Int>)] = [
            ("burst", \.burst, 1...1_000_000),
            ("queue_lines", \.queueLines, 1...10_000_000),
            ("max_body_bytes", \.maxBodyBytes, 1_024...(64 << 20)),
            ("max_lines_per_request", \.maxLinesPerRequest, 1...10_000),
            ("clock_skew_seconds", \.clockSkewSeconds, 1...3_600),
            ("key_fetches_per_hour", \.keyFetchesPerHour, 1...10_000),
            ("header_timeout_seconds", \.headerTimeoutSeconds, 1...3_600),
            ("idle_timeout_seconds", \.idleTimeoutSeconds, 1...86_400),
            ("notify_in_flight_per_substation", \.notifyInFlightPerSubstation, 1...1_000),
            ("notify_timeout_seconds", \.notifyTimeoutSeconds, 1...600),
            ("notify_retry_hours", \.notifyRetryHours, 1...720),
        ]
        let fractions: [(String, WritableKeyPath<APISettings, Double>, ClosedRange<Double>)] = [
            ("requests_per_second", \.requestsPerSecond, 0.001...1_000_000),
            ("retry_base_seconds", \.retryBaseSeconds, 0.001...86_400),
            ("retry_max_seconds", \.retryMaxSeconds, 0.001...86_400),
        ]
        try reader.rejectUnknown(wholeNumbers.map(\.0) + fractions.map(\.0))
        var settings = APISettings.defaults
        for (name, path, range) in wholeNumbers {
            if let v = try reader.int(name, in: range) { settings[keyPath: path] = v }
        }
        for (name, path, range) in fractions {
            if let v = try reader.number(name, in: range) { settings[keyPath: path] = v }
        }
        // A cap below the first delay would make every retry wait the cap: refuse it rather than guess.
        if settings.retryBaseSeconds > settings.retryMaxSeconds {
            throw reader.fail("retry_base_seconds", "must not be above retry_max_seconds")
        }
        return settings
    }
}
