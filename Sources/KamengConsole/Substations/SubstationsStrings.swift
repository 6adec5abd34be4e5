import Foundation
import KamengDomain
import KamengStorage

/// The substation pane's words in both languages.
extension Strings {
    var zh: Bool { language == .zh }
    var noSubstations: String { text("还没有分站：按 o 或用 `kameng substation add` 开通", "No substations yet: open one with o or `kameng substation add`") }
    var healthy: String { text("正常", "healthy") }
    var suspendButton: String { text("暂停", "Suspend") }
    var resumeButton: String { text("恢复", "Resume") }
    var detailHint: String { text("Esc 返回列表 · s 暂停 · r 恢复", "Esc back to the list · s suspend · r resume") }
    var historyTitle: String { text("最近 24 小时", "Last 24 hours") }
    var ordersPerHour: String { text("每小时订单", "Orders/hour") }
    var callbackFailures: String { text("回调失败率", "Callback failures") }
    var deliveryP95: String { text("发货 p95", "Delivery p95") }
    var noHistory: String { text("没有心跳记录", "No heartbeats recorded") }

    /// API requests/rejects over the last 5 minutes; "—" when the store gave no figures.
    func apiTraffic(_ tally: APITrafficTally?) -> String {
        guard let tally else { return "—" }
        return "\(tally.requests)/\(tally.rejects)"
    }

    /// Notices not yet delivered to the shop; "—" when unknown.
    func backlog(_ tally: APITrafficTally?) -> String {
        guard let tally else { return "—" }
        return String(tally.backlog)
    }

    /// `oldest`: when the oldest waiting notice was written, as the console shows times.
    func apiDetail(_ tally: APITrafficTally, oldest: String?) -> String {
        let backlog = oldest.map { text("，最早写于 \($0)", ", the oldest from \($0)") } ?? ""
        return text("API（最近 5 分钟）：\(tally.requests) 个请求，\(tally.rejects) 个被拒；待通知 \(tally.backlog) 条\(backlog)，其中 \(tally.failing) 条发送失败",
                    "API (last 5 min): \(tally.requests) requests, \(tally.rejects) rejected; outbox \(tally.backlog) waiting\(backlog), \(tally.failing) failing")
    }

    func substationsStatus(_ rows: [SubstationHealthRow]) -> String {
        let down = rows.filter { $0.report.level == .down }.count, warn = rows.filter { $0.report.level == .warn }.count
        return text("\(rows.count) 个分站：\(down) 个故障，\(warn) 个告警", "\(rows.count) substations: \(down) down, \(warn) warning")
    }

    func age(_ seconds: Int64?) -> String {
        guard let seconds else { return "—" }
        if seconds < 120 { return text("\(seconds) 秒", "\(seconds)s") }
        if seconds < 7_200 { return text("\(seconds / 60) 分", "\(seconds / 60)m") }
        if seconds < 172_800 { return text("\(seconds / 3_600) 小时", "\(seconds / 3_600)h") }
        return text("\(seconds / 86_400) 天", "\(seconds / 86_400)d")
    }

    func percent(basisPoints: Int?) -> String {
        guard let bp = basisPoints else { return "—" }
        return "\(bp / 100).\(bp % 100 / 10)%"
    }

    func milliseconds(_ ms: Int?) -> String {
        guard let ms else { return "—" }
        return ms < 1_000 ? "\(ms)ms" : "\(ms / 1_000).\(ms % 1_000 / 100)s"
    }

    func confirmStatusTitle(code: String, name: String, to: SubstationStatus) -> String {
        to == .suspended ? text("暂停分站 \(code)（\(name)）？", "Suspend substation \(code) (\(name))?")
            : text("恢复分站 \(code)（\(name)）？", "Resume substation \(code) (\(name))?")
    }

    func confirmStatusMessage(to: SubstationStatus) -> String {
        to == .suspended ? text("暂停后该分站的新订单和支付通知会被拒绝，直到恢复。此操作记入审计日志。",
                                "While suspended, its orders and payment notifications are refused until it is resumed. This is audited.")
            : text("恢复后该分站重新接单。此操作记入审计日志。", "It takes orders again once resumed. This is audited.")
    }

    func notice(_ notice: SubstationNotice) -> String {
        switch notice {
        case let .changed(code, to):
            to == .suspended ? text("分站 \(code) 已暂停", "Substation \(code) suspended") : text("分站 \(code) 已恢复", "Substation \(code) resumed")
        case let .failed(code, message): text("分站 \(code) 操作失败：", "Substation \(code): ") + message
        case .opened(let codes): openedNotice(codes)
        }
    }

    /// The reason in words: the worst finding first.
    func reason(_ report: HealthReport) -> String {
        guard let worst = report.findings.max(by: { $0.level < $1.level }) else { return healthy }
        let more = report.findings.count > 1 ? text("（另 \(report.findings.count - 1) 项）", " (+\(report.findings.count - 1) more)") : ""
        return worst.explanation(chinese: zh) + more
    }
}
