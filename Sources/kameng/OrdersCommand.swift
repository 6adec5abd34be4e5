import ArgumentParser
import Foundation
import KamengDomain
import KamengStorage

/// `kameng orders [list]|show|refund`.
struct OrdersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orders", abstract: "Orders: list (the default), show one (keys masked, or revealed with a reason), refund.",
        subcommands: [OrdersList.self, OrderShow.self, OrderRefund.self], defaultSubcommand: OrdersList.self)
}

/// `kameng orders [list]`: newest first, optionally one status.
struct OrdersList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "Recent orders, newest first.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this status: \(OrderStatus.allCases.map(\.rawValue).joined(separator: ", ")).") var status: String?
    @Option(help: "How many orders.") var limit: Int = 50
    @Flag(help: "Print a JSON array.") var json = false

    func run() async throws {
        var wanted: OrderStatus?
        if let status {
            guard let parsed = OrderStatus(rawValue: status) else {
                throw CLIError(message: "--status: \"\(status)\" is not one of \(OrderStatus.allCases.map(\.rawValue).joined(separator: ", "))", code: 2)
            }
            wanted = parsed
        }
        guard (1...10_000).contains(limit) else { throw CLIError(message: "--limit: 1–10000", code: 2) }
        let (store, _) = try await global.openAsStaff()
        var query = OrderQuery()
        query.status = wanted
        let orders = try await store.orders(query: query, after: nil, limit: limit)
        if json { try Output.json(orders.map(OrderJSON.init)); return }
        Output.table(["ORDER NO", "CREATED (UTC)", "SUBSTATION", "PRODUCT", "QTY", "AMOUNT", "STATUS", "RISK"],
                     orders.map { s in [s.order.orderNo, OrderJSON.time(s.order.createdAt), s.substationCode, s.productName,
                                        String(s.order.quantity), s.order.amount.plain, s.order.status.rawValue,
                                        s.order.riskScore > 0 ? String(s.order.riskScore) : ""] })
    }
}

/// The stable JSON shape of an order (documented in Docs/CLI.md).
struct OrderJSON: Codable {
    var orderNo: String, substation: String, product: String, productName: String, buyer: String, ip: String, device: String
    var quantity: Int, amountFen: Int64, paymentMethod: String?, status: String, riskScore: Int, riskReasons: [String]
    var createdAt: String, paidAt: String?, deliveredAt: String?

    init(_ s: OrderSummary) {
        let o = s.order
        orderNo = o.orderNo; substation = s.substationCode; product = s.productSKU; productName = s.productName
        buyer = o.buyer; ip = o.ip; device = o.device; quantity = o.quantity; amountFen = o.amount.fen
        paymentMethod = o.paymentMethod?.rawValue; status = o.status.rawValue; riskScore = o.riskScore; riskReasons = o.riskFindings.map { $0.explanation(chinese: false) }
        createdAt = Self.time(o.createdAt); paidAt = o.paidAt.map(Self.time); deliveredAt = o.deliveredAt.map(Self.time)
    }

    static func time(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
