extension HealthFinding {
    /// The finding in words for on-call staff, with the figures that made it fire.
    public func explanation(chinese: Bool) -> String {
        switch (rule, chinese) {
        case (.offline, true): return "已 \(Self.duration(observed, chinese: true)) 无心跳（超过 \(Self.duration(limit, chinese: true)) 视为离线）"
        case (.offline, false): return "no heartbeat for \(Self.duration(observed, chinese: false)) (offline after \(Self.duration(limit, chinese: false)))"
        case (.noHeartbeat, true): return "从未收到心跳"
        case (.noHeartbeat, false): return "no heartbeat ever received"
        case (.callbackFailures, true): return "回调失败率 \(Self.percent(observed))（上限 \(Self.percent(limit))）"
        case (.callbackFailures, false): return "callback failure rate \(Self.percent(observed)) (limit \(Self.percent(limit)))"
        case (.deliveryLatency, true): return "发货延迟 P95 \(Self.seconds(observed)) 秒（上限 \(Self.seconds(limit)) 秒）"
        case (.deliveryLatency, false): return "delivery p95 \(Self.seconds(observed)) s (limit \(Self.seconds(limit)) s)"
        case (.orderRateCollapse, true): return "近一小时订单 \(observed) 笔，低于平时的 \(limit) 笔"
        case (.orderRateCollapse, false): return "\(observed) orders in the last hour, under the usual floor of \(limit)"
        case (.notifyFailures, true):
            if let waited, let waitLimit {
                return "最早一条未送达的通知已等 \(Self.duration(waited, chinese: true))（上限 \(Self.duration(waitLimit, chinese: true))），\(observed) 条投递失败"
            }
            return "\(observed) 条通知投递失败、尚未送达（上限 \(limit) 条）"
        case (.notifyFailures, false):
            if let waited, let waitLimit {
                return "the oldest undelivered notice has waited \(Self.duration(waited, chinese: false)) (limit \(Self.duration(waitLimit, chinese: false))); \(observed) failing"
            }
            return "\(observed) notices to the shop failed and are undelivered (limit \(limit))"
        case (.expiringSoon, true): return "\(Self.duration(observed, chinese: true)) 后到期"
        case (.expiringSoon, false): return "expires in \(Self.duration(observed, chinese: false))"
        case (.expired, true): return "已于 \(Self.duration(-observed, chinese: true)) 前到期"
        case (.expired, false): return "expired \(Self.duration(-observed, chinese: false)) ago"
        case (.suspended, true): return "已被暂停"
        case (.suspended, false): return "suspended by staff"
        case (.closed, true): return "已关闭"
        case (.closed, false): return "closed"
        }
    }

    /// Basis points as a percentage with two decimals: 523 → "5.23%".
    static func percent(_ basisPoints: Int64) -> String {
        let fraction = basisPoints % 100
        return "\(basisPoints / 100).\(fraction < 10 ? "0" : "")\(fraction)%"
    }

    /// Milliseconds as seconds with one decimal, rounded down: 5_049 → "5.0".
    static func seconds(_ ms: Int64) -> String { "\(ms / 1_000).\(ms % 1_000 / 100)" }

    /// The two largest non-zero units of a span of seconds: "2d 3h", "4m 10s", "5m" / "2天3小时", "4分10秒", "5分".
    static func duration(_ seconds: Int64, chinese: Bool) -> String {
        let s = max(0, seconds)
        let units: [(Int64, String, String)] = [(86_400, "天", "d"), (3_600, "小时", "h"), (60, "分", "m"), (1, "秒", "s")]
        var parts: [String] = []
        var rest = s
        for (size, zh, en) in units where rest >= size || (size == 1 && parts.isEmpty) {
            parts.append("\(rest / size)\(chinese ? zh : en)")
            rest %= size
            if parts.count == 2 { break }
        }
        return parts.joined(separator: chinese ? "" : " ")
    }
}

extension HealthRule {
    /// A short name for the rule, for column headers and the docs.
    public func title(chinese: Bool) -> String {
        switch (self, chinese) {
        case (.offline, true): "离线"
        case (.offline, false): "offline"
        case (.noHeartbeat, true): "无心跳"
        case (.noHeartbeat, false): "no heartbeat"
        case (.callbackFailures, true): "回调失败率"
        case (.callbackFailures, false): "callback failures"
        case (.deliveryLatency, true): "发货延迟"
        case (.deliveryLatency, false): "delivery latency"
        case (.orderRateCollapse, true): "订单量骤降"
        case (.orderRateCollapse, false): "order rate collapse"
        case (.notifyFailures, true): "通知失败"
        case (.notifyFailures, false): "notify failures"
        case (.expiringSoon, true): "即将到期"
        case (.expiringSoon, false): "expiring soon"
        case (.expired, true): "已到期"
        case (.expired, false): "expired"
        case (.suspended, true): "已暂停"
        case (.suspended, false): "suspended"
        case (.closed, true): "已关闭"
        case (.closed, false): "closed"
        }
    }
}
