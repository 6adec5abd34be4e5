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

    var quitWhileImporting: String { text("导入正在进行，确定退出？", "An import is running. Quit anyway?") }
    var quitWhileImportingMessage: String { text("退出会取消导入，不写入任何内容。", "Quitting cancels it; nothing is written.") }
    var quitButton: String { text("退出", "Quit") }
    func unknownCommand(_ name: String) -> String { text("没有叫“\(name)”的命令（? 查看全部）", "No command called \"\(name)\" (? lists them)") }

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
        case .awaitingFunds: return "no funds"
        case .delivered: return "delivered"
        case .refunded: return "refunded"
        case .cancelled: return "cancelled"
        }
    }
}
