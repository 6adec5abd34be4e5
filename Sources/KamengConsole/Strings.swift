import KamengDomain

/// The console's own words in both languages, in one place so a translation is reviewed as a whole.
struct Strings {
    let language: UILanguage
    let ellipsis: String

    func text(_ chinese: String, _ english: String) -> String { language == .zh ? chinese : english }

    var loading: String { text("加载中", "Loading") + ellipsis }
    var loadingMore: String { text("加载更多", "Loading more") + ellipsis }
    var help: String { text("帮助", "Help") }
    var tooSmall: String { text("终端太小", "Terminal too small") }
    var need: String { text("需要", "need") }
    var now: String { text("当前", "now") }
    /// Shown on the status line of a `--readonly` session: nothing here can change anything.
    var readOnly: String { text("只读", "READ-ONLY") }
    var noOrders: String { text("暂无订单", "No orders yet") }
    var noLowStock: String { text("所有商品库存充足", "Every product is above its threshold") }

    func failed(_ message: String) -> String { text("查询失败：", "Query failed: ") + message }

    func ordersLoaded(_ count: Int, all: Bool) -> String {
        all ? text("共 \(count) 条订单", "\(count) orders (all)")
            : text("已加载 \(count) 条订单，向下翻页加载更多", "\(count) orders loaded, more load as you scroll")
    }

    func lowStockCount(_ count: Int, of total: Int) -> String {
        text("\(count) 个商品低于预警线（共 \(total) 个商品）", "\(count) of \(total) products below threshold")
    }

    func status(_ status: OrderStatus) -> String {
        guard language == .en else { return status.chineseName }
        switch status {
        case .pending: return "pending"
        case .paid: return "paid"
        case .flagged: return "held"
        case .awaitingStock: return "no stock"
        case .delivered: return "delivered"
        case .refunded: return "refunded"
        case .cancelled: return "cancelled"
        }
    }

    /// What a pane that is not built yet will hold, said plainly rather than shown as an empty table.
    func placeholder(_ pane: Pane) -> [String] {
        switch pane {
        case .risk:
            return [text("风控队列：尚未实现。", "Risk queue: not built yet."),
                    text("这里将按分数和等待时间列出被拦截的订单、触发的规则和相关订单，",
                         "Held orders by score and age, the rules that fired and related orders;"),
                    text("并可通过、拒绝、升级、备注。现在可在订单审核中查看「风控拦截」的订单。",
                         "approve, reject, escalate, annotate. For now, see held orders in the Orders pane.")]
        case .imports, .alerts, .orders, .substations:
            return []
        }
    }
}
