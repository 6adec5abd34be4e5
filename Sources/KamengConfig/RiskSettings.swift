import KamengDomain
import TOMLKit

/// The `[risk]` table (Docs/Risk.md):
///
/// ```toml
/// [risk]
/// window_seconds = 600          # the sliding window for the velocity and many-buyers counts
/// hold_score = 60               # orders scoring this much or more wait in the risk queue
/// blacklist_weight = 100
/// amount_mismatch_weight = 100
/// [risk.ip_velocity]            # one table per rule id, each key optional
/// limit = 10                    # the most allowed; amounts are in fen
/// weight = 40
/// enabled = true
/// ```
enum RiskSettings {
    static func parse(_ value: any TOMLValueConvertible, file: String) throws(ConfigError) -> RiskRules {
        let reader = try TableReader(value, path: "risk", file: file)
        let ruleIds = RiskRules.thresholdRules.map(\.rawValue)
        try reader.rejectUnknown(["window_seconds", "hold_score", "blacklist_weight", "amount_mismatch_weight", "below_cost_weight"] + ruleIds)
        var rules = RiskRules.defaults
        if let v = try reader.int("window_seconds", in: 1...604_800) { rules.windowSeconds = v }
        // At least 1: with 0 a rule of weight 0 that only reports would hold orders.
        if let v = try reader.int("hold_score", in: 1...1_000_000) { rules.holdScore = v }
        if let v = try reader.int("blacklist_weight", in: 0...10_000) { rules.blacklistWeight = v }
        if let v = try reader.int("amount_mismatch_weight", in: 0...10_000) { rules.amountMismatchWeight = v }
        if let v = try reader.int("below_cost_weight", in: 0...10_000) { rules.belowCostWeight = v }
        for rule in RiskRules.thresholdRules {
            guard let sub = try reader.subtable(rule.rawValue), let path = RiskRules.keyPath(for: rule) else { continue }
            try sub.rejectUnknown(["limit", "weight", "enabled"])
            if let v = try sub.int("limit", in: 0...Int64.max) { rules[keyPath: path].limit = v }
            if let v = try sub.int("weight", in: 0...10_000) { rules[keyPath: path].weight = v }
            if let v = try sub.bool("enabled") { rules[keyPath: path].enabled = v }
        }
        return rules
    }
}
