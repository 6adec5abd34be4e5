import Foundation

extension HealthEvaluator {
    /// What the latest hour's orders are compared with, or nil when the history is too thin to say.
    ///
    /// One sample per hour for the 24 hours before the latest heartbeat (the last heartbeat in each hour);
    /// the baseline is their median, or the same hour yesterday when that is lower. The median alone would
    /// call every quiet night a collapse (at 4 a.m. a shop sells a tenth of its evening rate); comparing
    /// with last night as well keeps the rule for real drops.
    static func orderBaseline(_ signals: [SubstationSignal], latest: SubstationSignal, rules: HealthRules) -> Int? {
        var hourly = [Int?](repeating: nil, count: 25)
        for signal in signals {
            let hoursBack = Int((latest.at.timeIntervalSince(signal.at) / 3_600).rounded(.down))
            // Sorted oldest first, so the last write per hour is that hour's latest heartbeat.
            if (1...24).contains(hoursBack) { hourly[hoursBack] = signal.ordersLastHour }
        }
        let samples = hourly.compactMap { $0 }.sorted()
        guard !samples.isEmpty, samples.count >= rules.collapseMinHours else { return nil }
        let median = samples.count % 2 == 1
            ? samples[samples.count / 2]
            : (samples[samples.count / 2 - 1] + samples[samples.count / 2]) / 2
        let baseline = min(median, hourly[24] ?? median)
        return baseline >= rules.collapseMinBaseline ? baseline : nil
    }
}
