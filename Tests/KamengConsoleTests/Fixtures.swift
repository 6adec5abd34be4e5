import Foundation
import KamengConsole
import KamengDomain
import KamengStorage
import TerminalUI

/// Orders built in memory, newest first, with Chinese product names (one very long, one carrying an
/// escape sequence) so layout and sanitising are exercised without a database.
enum Fixture {
    static let longName = "腾讯视频VIP会员年卡12个月官方直充自动到账（限新用户，每个QQ号限购一次）超长商品名称测试"
    static let names = ["腾讯Q币100元直充", longName, "网易一卡通50点", "王者荣耀点券60", "爱奇艺黄金会员月卡",
                        "Steam Wallet $20", "中国移动话费50元", "Windows 11 专业版激活码\u{1B}[31m"]
    static let statuses: [OrderStatus] = [.delivered, .flagged, .paid, .delivered, .awaitingStock, .refunded, .pending, .delivered]
    static let substations = ["main-east", "east-sh-01", "main-south", "south-gz-02", "main-north"]
    /// 2026-11-22 06:00:00 UTC = 14:00 in Beijing.
    static let newest = Date(timeIntervalSince1970: 1_795_327_200)

    static func order(_ i: Int, id: Int64? = nil) -> OrderSummary {
        // Negative i: orders newer than the first fixture (arrivals in reload tests).
        func pick<T>(_ list: [T]) -> T { list[((i % list.count) + list.count) % list.count] }
        let status = pick(statuses)
        let order = Order(id: id ?? Int64(10_000 - i), orderNo: "20261122" + String(format: "%06d", 500 - i) + "7",
                          substationId: 1, buyer: "buyer\(i)", ip: "10.0.0.\(i % 250)", device: "d\(i)", productId: 1,
                          quantity: 1 + abs(i) % 3, amount: Money(fen: Int64(980 + 1234 * abs(i))), status: status,
                          riskScore: status == .flagged ? 85 : (abs(i) % 4 == 0 ? 12 : 0),
                          createdAt: newest.addingTimeInterval(Double(-37 * i)))
        return OrderSummary(order: order, productSKU: "SKU\(abs(i) % names.count)", productName: pick(names),
                            substationCode: pick(substations))
    }

    static func orders(_ range: Range<Int>) -> [OrderSummary] { range.map { order($0) } }

    static func stock(_ sku: String, _ name: String, available: Int, threshold: Int) -> StockLevel {
        let product = Product(id: 1, sku: sku, name: name, category: .gameCard, faceValue: Money(fen: 1000),
                              cost: Money(fen: 900),
                              prices: MemberPrices(retail: Money(fen: 1000), vip: Money(fen: 980), agent: Money(fen: 950)),
                              lowStockThreshold: threshold)
        return StockLevel(product: product, available: available, sold: 10, void: 0, expiringWithin7Days: 2)
    }

    /// A state as the loop has it after start and a resize, with `rows` loaded.
    static func state(rows: [OrderSummary], width: Int = 120, height: Int = 40, language: UILanguage = .zh,
                      pageSize: Int = 50) -> ConsoleState {
        var state = ConsoleState(language: language, glyphs: .unicode, timeZone: ConsoleClock.beijing)
        state.role = .admin
        state.orders = OrdersState(pageSize: pageSize)
        _ = reduce(&state, .resized(width: width, height: height))
        let effects = reduce(&state, .started)
        if let request = effects.ordersRequest {
            _ = reduce(&state, .ordersLoaded(request, rows))
        }
        _ = reduce(&state, .substations(.loaded([])))
        _ = reduce(&state, .risk(.loaded([], at: newest)))
        return state
    }
}

extension [ConsoleEffect] {
    /// The order-list page these effects ask for, if any (the panes' loads come in registry order).
    var ordersRequest: OrdersRequest? { lazy.compactMap(\.ordersRequest).first }
}
