import Foundation
import GRDB
import KamengDomain
import KamengStorage

/// Where each column of an order row sits, found once per list instead of once per row and field: a
/// lookup by name lowercases the name and compares it with every column (GRDB), and a risk queue of
/// 500 orders made 10,000 of them per reload on the 5M-order demo.
struct OrderColumns {
    let id, orderNo, substationId, buyer, ip, device, productId, quantity, amountFen: Int
    let paymentMethod, status, riskScore, riskReasons, createdAt, paidAt, deliveredAt: Int
    /// The joined columns of an order summary; nil in a row of `orders` alone.
    let productSKU, productName, substationCode: Int?

    init(_ row: Row) {
        let names = Array(row.columnNames.map { $0.lowercased() })
        func optional(_ name: String) -> Int? { names.firstIndex(of: name) }
        func required(_ name: String) -> Int {
            guard let index = names.firstIndex(of: name) else { preconditionFailure("an order row without \(name): \(names)") }
            return index
        }
        id = required("id"); orderNo = required("order_no"); substationId = required("substation_id"); buyer = required("buyer")
        ip = required("ip"); device = required("device"); productId = required("product_id"); quantity = required("quantity")
        amountFen = required("amount_fen"); paymentMethod = required("payment_method"); status = required("status")
        riskScore = required("risk_score"); riskReasons = required("risk_reasons"); createdAt = required("created_at")
        paidAt = required("paid_at"); deliveredAt = required("delivered_at")
        productSKU = optional("product_sku"); productName = optional("product_name"); substationCode = optional("substation_code")
    }
}

extension SQLiteStore {
    /// Order summaries from rows of one statement (`SELECT o.*, p.sku AS product_sku, p.name AS
    /// product_name, s.code AS substation_code …`): the columns found once, each risk reasons text
    /// decoded once.
    static func orderSummaries(_ rows: [Row]) throws(StoreError) -> [OrderSummary] {
        guard let first = rows.first else { return [] }
        let columns = OrderColumns(first)
        guard let sku = columns.productSKU, let name = columns.productName, let code = columns.substationCode else {
            preconditionFailure("an order summary row without product_sku, product_name or substation_code")
        }
        let memo = RowDecoding.FindingsMemo()
        return try rows.map { row throws(StoreError) in
            OrderSummary(order: try order(from: row, columns: columns, memo: memo), productSKU: row[sku], productName: row[name],
                         substationCode: row[code])
        }
    }

    /// An order row; an unknown status or payment method, or risk reasons that do not parse, is
    /// `StoreError.corruptRow` naming the order (never read as a default).
    static func order(from row: Row) throws(StoreError) -> Order {
        try order(from: row, columns: OrderColumns(row), memo: nil)
    }

    static func order(from row: Row, columns c: OrderColumns, memo: RowDecoding.FindingsMemo?) throws(StoreError) -> Order {
        let id: Int64 = row[c.id]
        let findings = try RowDecoding.riskFindings(row[c.riskReasons], orderId: id, memo: memo)
        let method: PaymentMethod? = try row.text(at: c.paymentMethod).map { raw throws(StoreError) in
            try RowDecoding.value(raw, table: "orders", id: id, column: "payment_method")
        }
        let status: OrderStatus = try RowDecoding.value(row.text(at: c.status), table: "orders", id: id, column: "status")
        return Order(id: id, orderNo: row[c.orderNo], substationId: row[c.substationId], buyer: row[c.buyer],
                     ip: row[c.ip], device: row[c.device], productId: row[c.productId], quantity: row[c.quantity],
                     amount: Money(fen: row[c.amountFen]), paymentMethod: method,
                     status: status, riskScore: row[c.riskScore], riskFindings: findings,
                     createdAt: row[c.createdAt], paidAt: row[c.paidAt], deliveredAt: row[c.deliveredAt])
    }
}
