import Foundation
import Testing
import KamengDomain

/// Docs/Risk.md, Health.md and Forecast.md quote the code's defaults and words; these fail when they drift.
@Suite("Rule docs match the code")
struct RulesDocTests {
    static func doc(_ name: String) throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try String(contentsOf: root.appendingPathComponent("Docs/\(name)"), encoding: .utf8)
    }

    /// The figures each explanation row of Docs/Risk.md uses.
    static let riskExamples: [RiskRule: (Int64, Int64)] = [
        .ipVelocity: (11, 10), .buyerVelocity: (9, 8), .deviceVelocity: (11, 10), .buyersPerDevice: (4, 3),
        .buyersPerIP: (6, 5), .amountCap: (250_000, 200_000), .quantityCap: (12, 10), .newBuyerLargeOrder: (60_000, 50_000),
        .failedPayments: (4, 3), .blacklistedIP: (1, 0), .blacklistedBuyer: (1, 0), .blacklistedDevice: (1, 0),
        .amountMismatch: (99, 9_900), .belowCost: (0, 9_500),
    ]

    @Test("every risk rule's default row and both explanations are in Docs/Risk.md", arguments: RiskRule.allCases)
    func risk(rule: RiskRule) throws {
        let text = try Self.doc("Risk.md")
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("| `\(rule.rawValue)` | \(rule.title(chinese: true)) |") }
        #expect(rows.count == 1, "the defaults row of \(rule.rawValue)")
        if let row = rows.first, let threshold = RiskRules.defaults[rule] {
            #expect(row.contains("| \(threshold.limit)") && row.hasSuffix("| \(threshold.weight) |"), "\(row)")
        }
        let (observed, limit) = try #require(Self.riskExamples[rule])
        let finding = RiskFinding(rule: rule, weight: 0, observed: observed, limit: limit)
        let line = "| `\(rule.rawValue)` | \(finding.explanation(chinese: true)) | \(finding.explanation(chinese: false)) |"
        #expect(text.contains(line), "\(line)")
    }

    static let healthExamples: [HealthRule: (Int64, Int64)] = [
        .offline: (725, 300), .noHeartbeat: (0, 0), .callbackFailures: (2_350, 2_000), .deliveryLatency: (7_200, 5_000),
        .orderRateCollapse: (4, 36), .notifyFailures: (12, 10), .expiringSoon: (266_400, 604_800), .expired: (-172_800, 0), .suspended: (0, 0), .closed: (0, 0),
    ]

    @Test("every health rule is in Docs/Health.md, with both explanations", arguments: HealthRule.allCases)
    func health(rule: HealthRule) throws {
        let text = try Self.doc("Health.md")
        #expect(text.contains("| `\(rule.rawValue)` | \(rule.title(chinese: true)) |"))
        let (observed, limit) = try #require(Self.healthExamples[rule])
        let finding = HealthFinding(rule: rule, level: .warn, observed: observed, limit: limit)
        let line = "| `\(rule.rawValue)` | \(finding.explanation(chinese: true)) | \(finding.explanation(chinese: false)) |"
        #expect(text.contains(line), "\(line)")
    }

    @Test("every stock alert reason is in Docs/Forecast.md")
    func forecast() throws {
        let text = try Self.doc("Forecast.md")
        for reason in StockAlertReason.allCases {
            #expect(text.contains("| `\(reason.rawValue)` | \(reason.title(chinese: true)) |"), "\(reason)")
        }
    }
}
