extension RiskFinding {
    /// The finding in words for support staff, with the figures that made it fire.
    public func explanation(chinese: Bool) -> String {
        let seen = observed, most = limit
        switch (rule, chinese) {
        case (.ipVelocity, true): return "同一 IP 窗口内下单 \(seen) 笔（上限 \(most)）"
        case (.ipVelocity, false): return "\(seen) orders from one IP in the window (limit \(most))"
        case (.buyerVelocity, true): return "同一买家窗口内下单 \(seen) 笔（上限 \(most)）"
        case (.buyerVelocity, false): return "\(seen) orders from one buyer in the window (limit \(most))"
        case (.deviceVelocity, true): return "同一设备窗口内下单 \(seen) 笔（上限 \(most)）"
        case (.deviceVelocity, false): return "\(seen) orders from one device in the window (limit \(most))"
        case (.buyersPerDevice, true): return "同一设备关联 \(seen) 个买家（上限 \(most)）"
        case (.buyersPerDevice, false): return "\(seen) buyers on one device (limit \(most))"
        case (.buyersPerIP, true): return "同一 IP 关联 \(seen) 个买家（上限 \(most)）"
        case (.buyersPerIP, false): return "\(seen) buyers behind one IP (limit \(most))"
        case (.amountCap, true): return "订单金额 \(Money(fen: seen)) 超过上限 \(Money(fen: most))"
        case (.amountCap, false): return "amount \(Money(fen: seen)) over the cap of \(Money(fen: most))"
        case (.quantityCap, true): return "数量 \(seen) 超过上限 \(most)"
        case (.quantityCap, false): return "quantity \(seen) over the cap of \(most)"
        case (.newBuyerLargeOrder, true): return "新买家首单金额 \(Money(fen: seen)) 超过 \(Money(fen: most))"
        case (.newBuyerLargeOrder, false): return "new buyer, first order of \(Money(fen: seen)) over \(Money(fen: most))"
        case (.failedPayments, true): return "买家窗口内支付失败 \(seen) 次（上限 \(most)）"
        case (.failedPayments, false): return "\(seen) failed payments by the buyer in the window (limit \(most))"
        case (.blacklistedIP, true): return "IP 在黑名单中"
        case (.blacklistedIP, false): return "blacklisted IP"
        case (.blacklistedBuyer, true): return "买家在黑名单中"
        case (.blacklistedBuyer, false): return "blacklisted buyer"
        case (.blacklistedDevice, true): return "设备在黑名单中"
        case (.blacklistedDevice, false): return "blacklisted device"
        case (.amountMismatch, true): return "实付 \(Money(fen: seen)) 与订单金额 \(Money(fen: most)) 不符"
        case (.amountMismatch, false): return "paid \(Money(fen: seen)) but the order is for \(Money(fen: most))"
        }
    }
}
