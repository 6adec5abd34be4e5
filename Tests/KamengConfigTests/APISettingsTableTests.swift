import Foundation
import KamengConfig
import KamengDomain
import Testing

@Suite("config.toml: [api]")
struct APISettingsTableTests {
    @Test("without [api] every documented default holds")
    func defaults() throws {
        #expect(try ConfigFile.parse("theme = \"light\"", file: "config.toml").api == .defaults)
    }

    @Test("every key is read; omitted keys keep their defaults; 2 and 2.5 both read as numbers")
    func keys() throws {
        let config = try ConfigFile.parse("""
            [api]
            requests_per_second = 2.5
            burst = 7
            queue_lines = 40
            max_body_bytes = 4096
            max_lines_per_request = 9
            clock_skew_seconds = 30
            key_fetches_per_hour = 3
            header_timeout_seconds = 4
            idle_timeout_seconds = 5
            notify_in_flight_per_substation = 2
            notify_timeout_seconds = 6
            notify_retry_hours = 1
            retry_base_seconds = 0.05
            retry_max_seconds = 2
            """, file: "config.toml")
        var expected = APISettings.defaults
        expected.requestsPerSecond = 2.5
        expected.burst = 7
        expected.queueLines = 40
        expected.maxBodyBytes = 4096
        expected.maxLinesPerRequest = 9
        expected.clockSkewSeconds = 30
        expected.keyFetchesPerHour = 3
        expected.headerTimeoutSeconds = 4
        expected.idleTimeoutSeconds = 5
        expected.notifyInFlightPerSubstation = 2
        expected.notifyTimeoutSeconds = 6
        expected.notifyRetryHours = 1
        expected.retryBaseSeconds = 0.05
        expected.retryMaxSeconds = 2
        #expect(config.api == expected)
        let partial = try ConfigFile.parse("[api]\nburst = 3", file: "config.toml")
        var onlyBurst = APISettings.defaults
        onlyBurst.burst = 3
        #expect(partial.api == onlyBurst)
    }

    @Test("mistakes name the file and the key", arguments: [
        ("[api]\nburst = 0", "config.toml: api.burst: must be from 1 to 1000000 (got 0)"),
        ("[api]\nburts = 3", "config.toml: unknown setting \"api.burts\""),
        ("[api]\nrequests_per_second = \"fast\"", "config.toml: api.requests_per_second: expected a number such as 5 or 2.5"),
        ("[api]\nretry_base_seconds = 10\nretry_max_seconds = 5", "config.toml: api.retry_base_seconds: must not be above retry_max_seconds"),
        ("api = 3", "config.toml: api: expected a table such as [api]"),
    ])
    func errors(text: String, expected: String) {
        let error = #expect(throws: ConfigError.self) { _ = try ConfigFile.parse(text, file: "config.toml") }
        #expect(error?.description.hasPrefix(expected) == true, "\(error?.description ?? "")")
    }
}
