import Foundation
import GRDB
import KamengDomain
import KamengStorage

/// Orders accepted in this group but not written yet, and the keys chosen for them.
///
/// Most orders are paid moments after they are placed (balance payments at once), so their payment
/// usually arrives in the same group. Written at once, such an order costs an INSERT into a table with
/// ten indexes and then two UPDATEs (paid, delivered), each moving its row in the status index. Held
/// here until the group flushes, it is written once, in its final state.
/// Everything a later line asks of the orders table (duplicates, risk windows, payments) is answered
/// from here as well as from the table, or the buffer is flushed first, so the outcome of every line is
/// the one the line-by-line path gives (`IntakeDeferredWriteTests` compares the two).
struct PendingWrites {
    struct Order {
        var id: Int64
        var orderNo: String
        var stationId: Int64
        var buyer: String
        var ip: String
        var device: String
        var productId: Int64
        var quantity: Int
        var amount: Int64
        var status: OrderStatus
        var riskScore: Int
        var riskReasons: String
        var createdAt: String
        var paidAt: String?
        var paidFen: Int64?
        var method: String?
        var txn: String?
        var deliveredAt: String?
        /// A delivered order's charge, posted at the flush (reserved against its substation's funds until then).
        var charge: OrderCharge?
        var chargedBy = ""
    }

    struct OrderKey: Hashable {
        var stationId: Int64
        var orderNo: String
    }

    var orders: [Order] = []
    var byNumber: [OrderKey: Int] = [:]
    var byIP: [String: [Int]] = [:]
    var byDevice: [String: [Int]] = [:]
    var byBuyer: [String: [Int]] = [:]
    var txns: Set<String> = []
    /// (key id, order id), in the order the keys were chosen.
    var keys: [(key: Int64, order: Int64)] = []
    /// The id the next new order gets: the table's next rowid, read once (the group holds the write lock).
    var nextOrderId: Int64?
    /// Per product, the highest key id chosen so far: chosen keys are still `available` in the table
    /// until the flush, so later choices start above them.
    var keyCursor: [Int64: Int64] = [:]
    /// Per product, the next available keys above the cursor, read in one statement (`IntakeGroup.keysAhead`
    /// at a time) and handed out in order. Only the line-by-line delivery takes keys besides the flush, which
    /// binds keys at or below the cursor; it empties this first (`applyPayment`).
    var keysAhead: [Int64: ArraySlice<Int64>] = [:]

    var isEmpty: Bool { orders.isEmpty }

    mutating func add(_ order: Order) {
        let index = orders.count
        orders.append(order)
        byNumber[OrderKey(stationId: order.stationId, orderNo: order.orderNo)] = index
        byIP[order.ip, default: []].append(index)
        byDevice[order.device, default: []].append(index)
        byBuyer[order.buyer, default: []].append(index)
    }

    /// Pending orders among `indices` created in (from, to].
    func count(_ indices: [Int]?, from: String, to: String) -> Int {
        guard let indices else { return 0 }
        return indices.reduce(0) { $0 + (orders[$1].createdAt > from && orders[$1].createdAt <= to ? 1 : 0) }
    }

    mutating func clearOrders() {
        orders.removeAll(keepingCapacity: true)
        byNumber.removeAll(keepingCapacity: true)
        byIP.removeAll(keepingCapacity: true)
        byDevice.removeAll(keepingCapacity: true)
        byBuyer.removeAll(keepingCapacity: true)
        txns.removeAll(keepingCapacity: true)
        keys.removeAll(keepingCapacity: true)
    }
}

extension IntakeGroup {
    /// A new order, held until the flush: checked against the table and the pending orders for a
    /// repeat, scored (the risk windows count both), then recorded in memory.
    func deferOrder(_ order: IntakeOrder, stationId: Int64) throws -> IntakeOutcome {
        guard let product = products[order.product] else {
            return .rejected(IntakeProblem(.unknownProduct, "no product \"\(IntakeProblem.clip(order.product, limit: 40))\""))
        }
        let key = PendingWrites.OrderKey(stationId: stationId, orderNo: order.orderNo)
        if let index = pending.byNumber[key] {
            let existing = pending.orders[index]
            let same = existing.productId == product.id && existing.quantity == order.quantity
                && existing.amount == order.amount.fen && existing.buyer == order.buyer
            return same ? .orderDuplicate : Self.conflict(order.orderNo)
        }
        let createdAt = StoreTime.string(order.at)
        let around = try neighbourhood(order, stationId: stationId, at: createdAt)
        if around.existingId != nil, let existing = try storedOrder(stationId: stationId, orderNo: order.orderNo) {
            let same = try existing.productId == product.id && existing.quantity == order.quantity
                && existing.amount == order.amount.fen && orderDetail(id: existing.id).buyer == order.buyer
            return same ? .orderDuplicate : Self.conflict(order.orderNo)
        }
        let assessment = RiskEngine.assess(try riskFacts(order, stationId: stationId, at: createdAt, around: around), rules: context.rules)
        let id = try pending.nextOrderId ?? (Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) + 1 FROM orders") ?? 1)
        pending.nextOrderId = id + 1
        pending.add(PendingWrites.Order(
            id: id, orderNo: order.orderNo, stationId: stationId, buyer: order.buyer, ip: order.ip, device: order.device,
            productId: product.id, quantity: order.quantity, amount: order.amount.fen, status: assessment.held ? .flagged : .pending,
            riskScore: assessment.score, riskReasons: assessment.findings.isEmpty ? "[]" : SQLiteStore.json(assessment.findings),
            createdAt: createdAt))
        changes.created.append(order.orderNo)
        if assessment.held { changes.flagged.append(order.orderNo) }
        return .orderAccepted(held: assessment.held)
    }

    static func conflict(_ orderNo: String) -> IntakeOutcome {
        .rejected(IntakeProblem(.conflict, "order \(orderNo) was received before with other contents"))
    }

    /// A payment for a pending order is applied in memory, its keys chosen now and bound at the flush;
    /// a payment for a stored order, or one that needs more than that, takes the line-by-line path.
    func deferPayment(_ payment: IntakePayment, stationId: Int64) throws -> IntakeOutcome {
        guard let index = pending.byNumber[PendingWrites.OrderKey(stationId: stationId, orderNo: payment.orderNo)] else {
            // The line-by-line path binds keys straight away, and checks the txn against the table alone:
            // keys chosen so far, or a pending order paid by this txn, must be written first.
            if !pending.keys.isEmpty || pending.txns.contains(payment.txn) { try flush() }
            return try applyPayment(payment, stationId: stationId)
        }
        var order = pending.orders[index]
        if order.txn == payment.txn { return .paymentDuplicate }
        if order.txn != nil || [.paid, .awaitingStock, .awaitingFunds, .delivered].contains(order.status) {
            return .rejected(IntakeProblem(.alreadyPaid, "order \(payment.orderNo) is already paid by another transaction"))
        }
        let product = productsById[order.productId]
        guard payment.amount.fen == order.amount, product?.reusable == false else {
            // A refused payment changes the stored order and the failure table; a reusable product's
            // delivery has its own path. Both are rare: write what is pending and go line by line.
            try flush()
            return try applyPayment(payment, stationId: stationId)
        }
        if try pending.txns.contains(payment.txn) || s.txnOwner.first(db, [.text(payment.txn)], { _ in true }) == true {
            return .rejected(IntakeProblem(.conflict, "txn \(payment.txn) already pays another order"))
        }
        order.paidAt = StoreTime.string(payment.at)
        order.paidFen = payment.amount.fen
        order.method = payment.method.rawValue
        order.txn = payment.txn
        pending.txns.insert(payment.txn)
        defer { pending.orders[index] = order }
        if order.status == .flagged {
            changes.held.append(payment.orderNo)
            return .paymentAccepted(.held)
        }
        // The funds check of the one delivery path (`SQLiteStore.deliver`), against the group's running
        // figure: the balance read once, less the charges of this group's deliveries not posted yet.
        var charge: OrderCharge?
        if let ledger = s.delivery.ledger {
            let priced = try ledger.charge(db, substationId: stationId, productId: order.productId, quantity: order.quantity)
            if let available = try ledger.available(db, substationId: stationId), available < priced.charge.fen {
                order.status = .awaitingFunds
                changes.awaitingFunds.append(payment.orderNo)
                return .paymentAccepted(.awaitingFunds)
            }
            charge = priced
        }
        changes.touchedProducts.insert(order.productId)
        let keys = try chooseKeys(productId: order.productId, quantity: order.quantity)
        guard keys.count == order.quantity else {
            order.status = .awaitingStock
            changes.awaiting.append(payment.orderNo)
            changes.shortProducts.insert(order.productId)
            return .paymentAccepted(.awaitingStock)
        }
        for key in keys { pending.keys.append((key, order.id)) }
        if let charge {
            s.delivery.ledger?.reserve(substationId: stationId, amount: charge.charge.fen)
            order.charge = charge
            order.chargedBy = lineActor
        }
        order.status = .delivered
        order.deliveredAt = time
        changes.delivered.append("\(payment.orderNo):\(keys.count)")
        return .paymentAccepted(.delivered)
    }

    /// The next `quantity` available keys of the product above those already chosen, oldest first —
    /// the keys the line-by-line path would take — or fewer when the product is short (then none are used).
    private func chooseKeys(productId: Int64, quantity: Int) throws -> [Int64] {
        var ahead = pending.keysAhead[productId] ?? []
        if ahead.count < quantity {
            let limit = Int64(max(quantity, Self.keysAhead))
            ahead = try ArraySlice(s.nextKeys.all(db, [.int(productId), .int(pending.keyCursor[productId] ?? 0), .int(limit)]) { r in r.int(0) })
        }
        guard ahead.count >= quantity else {
            pending.keysAhead[productId] = ahead
            return Array(ahead)
        }
        let keys = Array(ahead.prefix(quantity))
        pending.keysAhead[productId] = ahead.dropFirst(quantity)
        if let last = keys.last { pending.keyCursor[productId] = last }
        return keys
    }

    /// Keys read ahead per product: about a group's payments for one product of a dozen, in one statement.
    static let keysAhead = 32

    /// Writes the pending orders in their final state, then binds the chosen keys; every key must still
    /// be available, or the group fails (and is applied again line by line). The stock counts move once
    /// per product (keys sold) and per product and day (units delivered), not per key (StockCounts.swift).
    func flush() throws {
        guard !pending.isEmpty else { return }
        var productOf: [Int64: Int64] = [:]
        var sales: [StockCounts.SalesDay: Int] = [:]
        for o in pending.orders {
            productOf[o.id] = o.productId
            if o.status == .delivered { sales[StockCounts.SalesDay(productId: o.productId, createdAt: o.createdAt), default: 0] += o.quantity }
            let args: [SQLArg] = [.int(o.id), .text(o.orderNo), .int(o.stationId), .text(o.buyer), .text(o.ip), .text(o.device), .int(o.productId),
                                  .int(Int64(o.quantity)), .int(o.amount), .text(o.status.rawValue), .int(Int64(o.riskScore)), .text(o.riskReasons),
                                  .text(o.createdAt), .text(time), Self.arg(o.paidAt), o.paidFen.map { .int($0) } ?? .null, Self.arg(o.method),
                                  Self.arg(o.txn), Self.arg(o.deliveredAt)]
            guard try s.insertFinalOrder.execute(db, args) == 1 else { throw StoreError.tampered("pending order \(o.orderNo) not written") }
            if o.status == .delivered, stations[o.stationId]?.notify == true {
                try s.insertNotice.execute(db, [.int(o.stationId), .int(o.id), .text(time), .text(time)])
            }
        }
        var sold: [Int64: [Int64]] = [:]
        for k in pending.keys {
            guard try s.bindKey.execute(db, [.int(k.order), .int(k.key)]) == 1 else {
                throw StoreError.tampered("key #\(k.key) chosen for order #\(k.order) was no longer available")
            }
            guard let productId = productOf[k.order] else { throw StoreError.tampered("key #\(k.key) chosen for an order not in the group") }
            sold[productId, default: []].append(k.key)
        }
        for (productId, keys) in sold {
            try StockCounts.moveKeys(db, productId: productId, from: "available", to: "sold", count: keys.count)
            try StockCounts.keysSold(db, productId: productId, keyIds: keys)
        }
        for (day, units) in sales { try StockCounts.addSales(db, productId: day.productId, createdAt: day.day, units: units) }
        if let ledger = s.delivery.ledger {
            for o in pending.orders where o.status == .delivered {
                guard let charge = o.charge else { continue }
                try ledger.postCharge(db, orderId: o.id, substationId: o.stationId, productId: o.productId, quantity: o.quantity,
                                      charge: charge, actor: o.chargedBy, at: s.delivery.now, time: time)
                ledger.release(substationId: o.stationId, amount: charge.charge.fen)
            }
            try ledger.flush(db)
        }
        pending.clearOrders()
    }

    private static func arg(_ text: String?) -> SQLArg { text.map { .text($0) } ?? .null }
}
