import Foundation

/// Judges a substation from its recent heartbeats: a pure function of the substation, its signals and the
/// time, so every rule can be tested at its threshold without a database or a clock.
public enum HealthEvaluator {
    /// `signals` are this substation's heartbeats in any order; the store should pass at least the last
    /// 25 hours so the order-rate baseline can be formed (older ones are ignored). Signals of other
    /// substations are ignored when the substation has an id. `notices` is its outbox now, when the
    /// caller has it (the `notify_failures` rule is silent without).
    public static func evaluate(substation: Substation, signals: [SubstationSignal], now: Date,
                                rules: HealthRules = .defaults, notices: NoticeBacklog? = nil) -> HealthReport {
        let own = signals.filter { substation.id == nil || $0.substationId == substation.id }.sorted { $0.at < $1.at }
        var findings: [HealthFinding] = []
        var report = HealthReport(level: .ok, findings: [], heartbeatAge: nil)

        switch substation.status {
        case .active: break
        case .suspended: findings.append(HealthFinding(rule: .suspended, level: .suspended, observed: 0, limit: 0))
        case .closed: findings.append(HealthFinding(rule: .closed, level: .suspended, observed: 0, limit: 0))
        }
        if let expiry = substation.expiresAt { findings += expiryFindings(expiry, now: now, rules: rules) }

        if let latest = own.last {
            // Whole seconds, and never negative: a heartbeat stamped a little ahead of our clock is fresh.
            let age = max(0, Int64(now.timeIntervalSince(latest.at).rounded(.down)))
            report.heartbeatAge = age
            report.deliveryP95Ms = latest.deliveryP95Ms
            report.ordersLastHour = latest.ordersLastHour
            let offlineAfter = Int64(rules.offlineAfterMinutes) * 60
            if age > offlineAfter {
                findings.append(HealthFinding(rule: .offline, level: .down, observed: age, limit: offlineAfter))
            }
            findings += latencyFindings(latest, rules: rules)
            let baseline = orderBaseline(own, latest: latest, rules: rules)
            report.orderBaseline = baseline
            if let baseline {
                // The floor rounded up: for whole orders, "below 7.5" and "below 8" are the same test, and
                // the words then quote a figure that really is the least allowed.
                let floor = (Int64(rules.collapsePercent) * Int64(baseline) + 99) / 100
                if Int64(latest.ordersLastHour) < floor {
                    findings.append(HealthFinding(rule: .orderRateCollapse, level: .warn, observed: Int64(latest.ordersLastHour), limit: floor))
                }
            }
        } else {
            findings.append(HealthFinding(rule: .noHeartbeat, level: .down, observed: 0, limit: 0))
        }

        let (rate, callbackFinding) = callbackFindings(own, now: now, rules: rules)
        report.callbackFailureBasisPoints = rate
        if let callbackFinding { findings.append(callbackFinding) }
        report.notices = notices
        if let notices, let finding = noticeFinding(notices, now: now, rules: rules) { findings.append(finding) }

        // A suspended or closed substation shows as such whatever else is wrong: it is meant to be quiet.
        let stopped = substation.status != .active
        // Worst first; equal levels keep the order the rules are checked in (a stable sort, spelled out).
        report.findings = findings.enumerated().sorted { ($0.element.level, $1.offset) > ($1.element.level, $0.offset) }.map(\.element)
        report.level = stopped ? .suspended : findings.map(\.level).max() ?? .ok
        return report
    }

    static func expiryFindings(_ expiry: Date, now: Date, rules: HealthRules) -> [HealthFinding] {
        let remaining = Int64(expiry.timeIntervalSince(now).rounded(.down))
        if remaining <= 0 { return [HealthFinding(rule: .expired, level: .down, observed: remaining, limit: 0)] }
        let warnWithin = Int64(rules.expiryWarnDays) * 86_400
        return remaining < warnWithin ? [HealthFinding(rule: .expiringSoon, level: .warn, observed: remaining, limit: warnWithin)] : []
    }

    static func latencyFindings(_ latest: SubstationSignal, rules: HealthRules) -> [HealthFinding] {
        let p95 = Int64(latest.deliveryP95Ms)
        if p95 > Int64(rules.deliveryDownMs) {
            return [HealthFinding(rule: .deliveryLatency, level: .down, observed: p95, limit: Int64(rules.deliveryDownMs))]
        }
        if p95 > Int64(rules.deliveryWarnMs) {
            return [HealthFinding(rule: .deliveryLatency, level: .warn, observed: p95, limit: Int64(rules.deliveryWarnMs))]
        }
        return []
    }

    /// The outbox's finding: by the count of failing notices, or by the age of the oldest undelivered one
    /// (which also catches a sender that is not running), whichever is worse; the count when both are.
    static func noticeFinding(_ notices: NoticeBacklog, now: Date, rules: HealthRules) -> HealthFinding? {
        guard notices.undelivered > 0 else { return nil }
        let failing = Int64(notices.failing)
        let waited = notices.oldestAt.map { max(0, Int64(now.timeIntervalSince($0).rounded(.down))) } ?? 0
        for (level, count, minutes) in [(HealthLevel.down, rules.notifyDownFailing, rules.notifyDownMinutes),
                                        (.warn, rules.notifyWarnFailing, rules.notifyWarnMinutes)] {
            if failing >= Int64(count) { return HealthFinding(rule: .notifyFailures, level: level, observed: failing, limit: Int64(count)) }
            if waited > Int64(minutes) * 60 {
                return HealthFinding(rule: .notifyFailures, level: level, observed: failing, limit: Int64(count),
                                     waited: waited, waitLimit: Int64(minutes) * 60)
            }
        }
        return nil
    }

    /// The failure rate over the window (nil without callbacks) and the finding it makes, if any.
    static func callbackFindings(_ signals: [SubstationSignal], now: Date, rules: HealthRules) -> (Int?, HealthFinding?) {
        let since = now.addingTimeInterval(-Double(rules.callbackWindowMinutes) * 60)
        let recent = signals.filter { $0.at > since }
        let callbacks = Int64(recent.reduce(0) { $0 + $1.callbacks })
        let failures = Int64(recent.reduce(0) { $0 + min($1.callbackFailures, $1.callbacks) })
        guard callbacks > 0 else { return (nil, nil) }
        let rate = failures * 10_000 / callbacks
        guard callbacks >= Int64(rules.callbackMinCount) else { return (Int(rate), nil) }
        // Compare cross-multiplied so 5.004% is over 5% although it shows as 5.00%.
        for (level, limit) in [(HealthLevel.down, rules.callbackDownBasisPoints), (.warn, rules.callbackWarnBasisPoints)]
        where failures * 10_000 > Int64(limit) * callbacks {
            return (Int(rate), HealthFinding(rule: .callbackFailures, level: level, observed: rate, limit: Int64(limit)))
        }
        return (Int(rate), nil)
    }
}
