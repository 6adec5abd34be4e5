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
        case (.belowCost, true): return "订单金额 \(Money(fen: seen)) 低于分站结算价 \(Money(fen: most))"
        case (.belowCost, false): return "order amount \(Money(fen: seen)) is below the substation's charge \(Money(fen: most))"
        }
    }
}

extension RiskRule {
    /// A short name for the rule, for column headers, the rule list and the docs.
    public func title(chinese: Bool) -> String {
        switch (self, chinese) {
        case (.ipVelocity, true): "IP 下单频率"
        case (.ipVelocity, false): "orders per IP"
        case (.buyerVelocity, true): "买家下单频率"
        case (.buyerVelocity, false): "orders per buyer"
        case (.deviceVelocity, true): "设备下单频率"
        case (.deviceVelocity, false): "orders per device"
        case (.buyersPerDevice, true): "一机多号"
        case (.buyersPerDevice, false): "buyers per device"
        case (.buyersPerIP, true): "一 IP 多号"
        case (.buyersPerIP, false): "buyers per IP"
        case (.amountCap, true): "金额上限"
        case (.amountCap, false): "amount cap"
        case (.quantityCap, true): "数量上限"
        case (.quantityCap, false): "quantity cap"
        case (.newBuyerLargeOrder, true): "新买家大额首单"
        case (.newBuyerLargeOrder, false): "new buyer, large first order"
        case (.failedPayments, true): "支付失败过多"
        case (.failedPayments, false): "failed payments"
        case (.blacklistedIP, true): "IP 黑名单"
        case (.blacklistedIP, false): "blacklisted IP"
        case (.blacklistedBuyer, true): "买家黑名单"
        case (.blacklistedBuyer, false): "blacklisted buyer"
        case (.blacklistedDevice, true): "设备黑名单"
        case (.blacklistedDevice, false): "blacklisted device"
        case (.amountMismatch, true): "实付金额不符"
        case (.amountMismatch, false): "paid amount mismatch"
        case (.belowCost, true): "低于结算价"
        case (.belowCost, false): "below cost"
        }
    }
}
