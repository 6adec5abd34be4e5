import Foundation
import GRDB
import KamengDomain
import KamengStorage

extension IntakeGroup {
    /// The stored order a payload names.
    struct StoredOrder {
        var id: Int64
        var status: OrderStatus
        var productId: Int64
        var quantity: Int
        var amount: Int64
        var txn: String?
    }

    func storedOrder(stationId: Int64, orderNo: String) throws -> StoredOrder? {
        let row = try s.orderByNumber.first(db, [.int(stationId), .text(orderNo)]) { r in
            (order: StoredOrder(id: r.int(0), status: .pending, productId: r.int(2), quantity: Int(r.int(3)), amount: r.int(4), txn: r.text(5)),
             status: r.text(1))
        }
        guard let row else { return nil }
        var order = row.order
        order.status = try RowDecoding.value(row.status, table: "orders", id: order.id, column: "status")
        return order
    }

    func orderDetail(id: Int64) throws -> (buyer: String, riskScore: Int, riskReasons: String) {
        try s.orderDetail.first(db, [.int(id)]) { r in (r.text(0) ?? "", Int(r.int(1)), r.text(2) ?? "[]") } ?? ("", 0, "[]")
    }

    /// A new order is scored and recorded `pending`, or `flagged` when the risk engine holds it.
    /// The same (substation, order no.) again is a no-op when it says the same, a conflict when not.
    func applyOrder(_ order: IntakeOrder, stationId: Int64) throws -> IntakeOutcome {
        guard let product = products[order.product] else {
            return .rejected(IntakeProblem(.unknownProduct, "no product \"\(IntakeProblem.clip(order.product, limit: 40))\""))
        }
        let createdAt = StoreTime.string(order.at)
        let facts = try riskFacts(order, stationId: stationId, at: createdAt, around: neighbourhood(order, stationId: stationId, at: createdAt))
        let assessment = RiskEngine.assess(facts, rules: context.rules)
        let status: OrderStatus = assessment.held ? .flagged : .pending
        let reasons = assessment.findings.isEmpty ? "[]" : SQLiteStore.json(assessment.findings)
        let inserted = try s.insertOrder.execute(db, [.text(order.orderNo), .int(stationId), .text(order.buyer), .text(order.ip), .text(order.device),
                                                      .int(product.id), .int(Int64(order.quantity)), .int(order.amount.fen), .text(status.rawValue),
                                                      .int(Int64(assessment.score)), .text(reasons), .text(createdAt), .text(time)])
        if inserted == 0 {
            // Already recorded (a replay): the same contents are a no-op, other contents a conflict.
            guard let existing = try storedOrder(stationId: stationId, orderNo: order.orderNo) else {
                throw StoreError.tampered("order \(order.orderNo) neither inserted nor found")
            }
            let same = try existing.productId == product.id && existing.quantity == order.quantity
                && existing.amount == order.amount.fen && orderDetail(id: existing.id).buyer == order.buyer
            return same ? .orderDuplicate
                : .rejected(IntakeProblem(.conflict, "order \(order.orderNo) was received before with other contents"))
        }
        changes.created.append(order.orderNo)
        if assessment.held { changes.flagged.append(order.orderNo) }
        return .orderAccepted(held: assessment.held)
    }

    /// What the table says about a new order, read in one statement: the stored order with its number
    /// (a repeat), and the orders on its IP, on its device and by its buyer around its time.
    struct Neighbourhood {
        /// The window's start (exclusive): the order's time less the rules' window, as stored text.
        var from: String
        /// The window (from, to] in `created_ms`'s milliseconds, for the statements.
        var fromMs: Int64
        var toMs: Int64
        var existingId: Int64?
        var ipOrders: Int
        var deviceOrders: Int
        /// The buyer's latest orders up to this one's time (at most 1,000), and how many are in the window.
        var buyerPrior: Int
        var buyerInWindow: Int
    }

    func neighbourhood(_ order: IntakeOrder, stationId: Int64, at to: String) throws -> Neighbourhood {
        let start = order.at.addingTimeInterval(-Double(context.rules.windowSeconds))
        let from = StoreTime.string(start), fromMs = StoreTime.millis(start), toMs = StoreTime.millis(order.at)
        return try s.neighbourhood.first(db, [.text(order.orderNo), .int(stationId), .text(order.ip), .text(order.device), .text(order.buyer),
                                              .int(fromMs), .int(toMs)]) { r in
            Neighbourhood(from: from, fromMs: fromMs, toMs: toMs, existingId: r.isNull(0) ? nil : r.int(0), ipOrders: Int(r.int(1)), deviceOrders: Int(r.int(2)),
                          buyerPrior: Int(r.int(3)), buyerInWindow: Int(r.int(4)))
        } ?? Neighbourhood(from: from, fromMs: fromMs, toMs: toMs, existingId: nil, ipOrders: 0, deviceOrders: 0, buyerPrior: 0, buyerInWindow: 0)
    }

    /// The order's neighbourhood over the rules' window (from, at], the order itself included
    /// (it is not stored yet, so it is added here), and the group's pending orders counted with the table's.
    /// `stored` is the table's side, read before anything here may flush the pending orders into it.
    func riskFacts(_ order: IntakeOrder, stationId: Int64, at to: String, around stored: Neighbourhood) throws -> RiskFacts {
        let from = stored.from
        let rules = context.rules
        // Every count first: a distinct-buyer count below writes the pending orders into the table.
        let ipOrders = stored.ipOrders + pending.count(pending.byIP[order.ip], from: from, to: to) + 1
        let deviceOrders = stored.deviceOrders + pending.count(pending.byDevice[order.device], from: from, to: to) + 1
        let history = try buyerHistory(order.buyer, stored: stored, to: to)
        /// Distinct buyers (this order's included) on one IP or device. The distinct count is at most the
        /// order count, so when that cannot exceed the limit the order count stands in for it: the rule
        /// cannot fire either way, and the costly count is spared.
        func buyers(_ statement: FastStatement, _ key: String, orders: Int, limit: RiskThreshold) throws -> Int {
            guard limit.enabled, Int64(orders) > limit.limit else { return orders }
            // Distinct buyers are counted by the table alone: write the pending orders first.
            try flush()
            return try statement.first(db, [.text(order.buyer), .text(key), .int(stored.fromMs), .int(stored.toMs)]) { r in
                Int(r.int(0)) + (r.int(1) != 0 ? 0 : 1)
            } ?? 1
        }
        let ipBuyers = try buyers(s.ipBuyers, order.ip, orders: ipOrders, limit: rules.buyersPerIP)
        let deviceBuyers = try buyers(s.deviceBuyers, order.device, orders: deviceOrders, limit: rules.buyersPerDevice)
        let failed = failuresEmpty ? 0 : try s.failedPayments.first(db, [.text(order.buyer), .text(from), .text(to)]) { r in Int(r.int(0)) } ?? 0
        var listed: Set<BlacklistKind> = []
        if let blacklist {
            if blacklist[.ip]?.contains(Array(order.ip.utf8)) == true { listed.insert(.ip) }
            if blacklist[.buyer]?.contains(Array(order.buyer.utf8)) == true { listed.insert(.buyer) }
            if blacklist[.device]?.contains(Array(order.device.utf8)) == true { listed.insert(.device) }
        } else {
            _ = try s.blacklisted.first(db, [.text(order.ip), .text(order.buyer), .text(order.device)]) { r in
                if r.int(0) > 0 { listed.insert(.ip) }
                if r.int(1) > 0 { listed.insert(.buyer) }
                if r.int(2) > 0 { listed.insert(.device) }
            }
        }
        return RiskFacts(amount: order.amount, quantity: order.quantity,
                         ordersFromIP: ipOrders, ordersFromBuyer: history.inWindow + 1, ordersFromDevice: deviceOrders,
                         buyersOnDevice: deviceBuyers, buyersOnIP: ipBuyers,
                         buyerPriorOrders: history.prior, failedPaymentsByBuyer: failed, blacklisted: listed,
                         charge: charge(order, stationId: stationId)?.charge)
    }

    /// What the order's substation would be charged for it at today's prices (`below_cost` compares
    /// the buyer's amount with it, whether or not funds are enforced).
    func charge(_ order: IntakeOrder, stationId: Int64) -> OrderCharge? {
        guard let product = products[order.product], let station = stations[stationId] else { return nil }
        return OrderCharge(quantity: order.quantity, retail: Money(fen: product.retail), unitCost: Money(fen: product.cost),
                           commissionBasisPoints: station.commissionBasisPoints, parentBasisPoints: station.parentBasisPoints)
    }

    /// The buyer's orders up to `to` (at most 1,000: the new-buyer rule only asks whether there are any)
    /// and how many of them are in the window: the table's latest 1,000 (`stored`) with the pending
    /// orders added. Past 1,000 they cannot simply be added, so they are written first and the table asked again.
    private func buyerHistory(_ buyer: String, stored: Neighbourhood, to: String) throws -> (prior: Int, inWindow: Int) {
        let table = (stored.buyerPrior, stored.buyerInWindow), from = stored.from
        guard let local = pending.byBuyer[buyer] else { return table }
        let prior = local.reduce(0) { $0 + (pending.orders[$1].createdAt <= to ? 1 : 0) }
        guard table.0 + prior > 1000 else { return (table.0 + prior, table.1 + pending.count(local, from: from, to: to)) }
        try flush()
        return try s.buyerHistory.first(db, [.int(stored.fromMs), .text(buyer), .int(stored.toMs)]) { r in (Int(r.int(0)), Int(r.int(1))) } ?? (0, 0)
    }

    /// A payment: the amount must be the order's. A pending order is paid and delivered at once (or
    /// waits for stock); a held order records the payment and keeps waiting for a person.
    func applyPayment(_ payment: IntakePayment, stationId: Int64) throws -> IntakeOutcome {
        // Its delivery takes the lowest available keys: those read ahead for the deferred payments may go.
        pending.keysAhead.removeAll()
        guard let order = try storedOrder(stationId: stationId, orderNo: payment.orderNo) else {
            return .rejected(IntakeProblem(.unknownOrder, "no order \(payment.orderNo) from this substation"))
        }
        if order.txn == payment.txn { return .paymentDuplicate }
        if order.txn != nil || [.paid, .awaitingStock, .awaitingFunds, .delivered].contains(order.status) {
            return .rejected(IntakeProblem(.alreadyPaid, "order \(payment.orderNo) is already paid by another transaction"))
        }
        if order.status == .cancelled || order.status == .refunded {
            return .rejected(IntakeProblem(.notPayable, "order \(payment.orderNo) is \(order.status.rawValue)"))
        }
        let paidAt = StoreTime.string(payment.at)
        guard payment.amount.fen == order.amount else {
            if try txnPaysAnother(payment.txn) { return txnConflict(payment.txn) }
            try recordMismatch(payment, order, paidAt: paidAt)
            return .rejected(IntakeProblem(.amountMismatch, "paid \(payment.amount.fen) fen, the order is for \(order.amount) fen"))
        }
        let args: [SQLArg] = [.text(paidAt), .int(payment.amount.fen), .text(payment.method.rawValue), .text(payment.txn), .text(time), .int(order.id)]
        if order.status == .flagged {
            guard try s.payHeld.execute(db, args) == 1 else {
                if try txnPaysAnother(payment.txn) { return txnConflict(payment.txn) }
                throw StoreError.tampered("order #\(order.id) changed while being paid")
            }
            changes.held.append(payment.orderNo)
            return .paymentAccepted(.held)
        }
        guard try s.pay.execute(db, args) == 1 else {
            if try txnPaysAnother(payment.txn) { return txnConflict(payment.txn) }
            throw StoreError.tampered("order #\(order.id) changed while being paid")
        }
        var deliveredNote: String?
        let outcome: DeliveryOutcome
        do {
            outcome = try store.deliver(db, orderId: order.id, actor: lineActor, statements: s.delivery) { no, keys in deliveredNote = "\(no):\(keys)" }
        } catch {
            // A retried group runs each line in a savepoint: this line's keys go back, so do its counts.
            s.delivery.discard()
            throw error
        }
        try s.delivery.writeCounts(db)   // the line-by-line path: rare, so at once (StockCounts.swift)
        changes.touchedProducts.insert(order.productId)
        switch outcome {
        case .delivered:
            changes.delivered.append(deliveredNote ?? payment.orderNo)
            return .paymentAccepted(.delivered)
        case .awaitingStock:
            changes.awaiting.append(payment.orderNo)
            changes.shortProducts.insert(order.productId)
            return .paymentAccepted(.awaitingStock)
        case .awaitingFunds:
            changes.awaitingFunds.append(payment.orderNo)
            return .paymentAccepted(.awaitingFunds)
        case .alreadyDelivered, .notDeliverable:
            throw StoreError.tampered("order #\(order.id) was not deliverable right after its payment")
        }
    }

    private func txnPaysAnother(_ txn: String) throws -> Bool {
        try s.txnOwner.first(db, [.text(txn)], { _ in true }) == true
    }

    private func txnConflict(_ txn: String) -> IntakeOutcome {
        .rejected(IntakeProblem(.conflict, "txn \(txn) already pays another order"))
    }

    /// A payment of the wrong amount counts as a failed payment for the buyer (once per txn) and sends a
    /// pending order to the risk queue with an `amount_mismatch` finding.
    private func recordMismatch(_ payment: IntakePayment, _ order: StoredOrder, paidAt: String) throws {
        let detail = try orderDetail(id: order.id)
        try s.insertFailure.execute(db, [.int(order.id), .text(detail.buyer), .text(paidAt), .text(payment.txn), .int(payment.amount.fen)])
        failuresEmpty = false
        guard order.status == .pending else { return }
        var findings = try RowDecoding.riskFindings(detail.riskReasons, orderId: order.id)
        let finding = RiskFinding(rule: .amountMismatch, weight: context.rules.amountMismatchWeight, observed: payment.amount.fen, limit: order.amount)
        findings.append(finding)
        if try s.flag.execute(db, [.int(Int64(detail.riskScore + finding.weight)), .text(SQLiteStore.json(findings)), .text(time), .int(order.id)]) == 1 {
            changes.flagged.append(payment.orderNo)
            changes.flaggedByPayment += 1
        }
    }
}

