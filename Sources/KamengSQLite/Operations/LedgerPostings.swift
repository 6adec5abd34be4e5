import Foundation
import GRDB
import KamengDomain
import KamengStorage

/// The ledger writes of one write transaction (Docs/Money.md): entries and their postings are inserted
/// as they happen, while the accounts' running balances and the `ledger_daily` figures are added up in
/// memory and written once by `flush` — once per group on the intake's path instead of one UPDATE per
/// account per order. Every user flushes before its transaction commits (`DeliveryStatements.writeCounts`
/// does it for the deliveries). The funds check reads the table's balance plus what is not flushed yet.
final class LedgerBook {
    /// A substation as the price model and the funds check see it.
    struct Station {
        var id: Int64
        var code: String
        var commissionBasisPoints: Int
        var parentCode: String?
        var parentBasisPoints: Int?
        var fundsRequired: Bool
        var creditLimit: Int64
    }

    /// A product's retail price and cost, per key.
    struct Pricing {
        var retail: Int64
        var cost: Int64
    }

    struct DailyKey: Hashable {
        var day: String
        var substationId: Int64
        var productId: Int64
    }

    /// What charges and refunds add to one `ledger_daily` row.
    struct DailyFigures {
        var orders: Int64 = 0
        var units: Int64 = 0
        var gross: Int64 = 0
        var charge: Int64 = 0
        var override: Int64 = 0
        var cost: Int64 = 0
        var refunds: Int64 = 0
        var refundCharge: Int64 = 0
        var refundOverride: Int64 = 0
    }

    private struct AccountKey: Hashable {
        var kind: LedgerAccountKind
        var substationId: Int64?
    }

    private let insertEntry: FastStatement
    private let insertPosting: FastStatement
    private let stationLookup: FastStatement
    private var accounts: [AccountKey: Int64] = [:]
    private var stationsById: [Int64: Station] = [:]
    private var stationIds: [String: Int64] = [:]
    private var pricing: [Int64: Pricing] = [:]
    private var balanceDeltas: [Int64: Int64] = [:]
    /// Prepaid balances read from the table in this transaction, kept current by `flush`: the funds
    /// check reads each substation's balance once per book (once per intake group).
    private var storedBalances: [Int64: Int64] = [:]
    private var daily: [DailyKey: DailyFigures] = [:]
    /// Charges decided but not posted yet (the intake's deferred deliveries), per substation: the funds
    /// check counts them as spent.
    private var reserved: [Int64: Int64] = [:]
    /// The last UTC+8 day looked up: a group's entries almost all fall on one day, and the calendar is slow.
    private var dayCache: (start: Date, end: Date, text: String)?

    init(_ db: Database) throws {
        insertEntry = try FastStatement(db, """
            INSERT INTO ledger_entries (at, kind, substation_id, order_id, reference, actor) VALUES (?, ?, ?, ?, ?, ?)
            """)
        insertPosting = try FastStatement(db, "INSERT INTO ledger_postings (account_id, entry_id, amount_fen) VALUES (?, ?, ?)")
        stationLookup = try FastStatement(db, """
            SELECT s.id, s.code, s.commission_bp, p.code, p.commission_bp, s.funds_required, s.credit_limit_fen
            FROM substations s LEFT JOIN substations p ON p.id = s.parent_id WHERE s.id = ?
            """)
    }

    // MARK: Looking up

    /// The substation, read once per book (a funds change re-reads it in a book of its own).
    func station(_ db: Database, id: Int64) throws -> Station {
        if let known = stationsById[id] { return known }
        guard let station = try stationLookup.first(db, [.int(id)], { r in
            Station(id: r.int(0), code: r.text(1) ?? "", commissionBasisPoints: Int(r.int(2)), parentCode: r.text(3),
                    parentBasisPoints: r.isNull(4) ? nil : Int(r.int(4)), fundsRequired: r.int(5) != 0, creditLimit: r.int(6))
        }) else { throw StoreError.notFound(.other("substation #\(id)")) }
        stationsById[id] = station
        stationIds[station.code] = id
        return station
    }

    func pricing(_ db: Database, productId: Int64) throws -> Pricing {
        if let known = pricing[productId] { return known }
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT price_retail_fen, cost_fen FROM products WHERE id = ?"),
                                         arguments: [productId]) else { throw StoreError.notFound(.other("product #\(productId)")) }
        let found = Pricing(retail: row[0], cost: row[1])
        pricing[productId] = found
        return found
    }

    /// What `quantity` keys of the product cost the substation now (the price model of `OrderCharge`).
    func charge(_ db: Database, substationId: Int64, productId: Int64, quantity: Int) throws -> OrderCharge {
        let station = try station(db, id: substationId)
        let price = try pricing(db, productId: productId)
        return OrderCharge(quantity: quantity, retail: Money(fen: price.retail), unitCost: Money(fen: price.cost),
                           commissionBasisPoints: station.commissionBasisPoints, parentBasisPoints: station.parentBasisPoints)
    }

    /// The account's id, opened on first use (a substation opened before v21 got its two at the upgrade;
    /// one opened since gets them from `addSubstation`, so this is a safety net).
    func account(_ db: Database, _ kind: LedgerAccountKind, substationId: Int64?) throws -> Int64 {
        let key = AccountKey(kind: kind, substationId: substationId)
        if let id = accounts[key] { return id }
        let id = try SQLiteStore.ledgerAccount(db, kind, substationId: substationId)
        accounts[key] = id
        return id
    }

    private func stationId(_ db: Database, code: String) throws -> Int64 {
        if let id = stationIds[code] { return id }
        guard let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM substations WHERE code = ?"), arguments: [code]) else {
            throw StoreError.notFound(.substation(code: code))
        }
        stationIds[code] = id
        return id
    }

    /// The prepaid balance now, inside this transaction: the table's plus what is posted and not flushed.
    func balance(_ db: Database, substationId: Int64) throws -> Int64 {
        let account = try account(db, .prepaid, substationId: substationId)
        let stored: Int64
        if let known = storedBalances[account] {
            stored = known
        } else {
            stored = try Int64.fetchOne(db.cachedStatement(sql: "SELECT balance_fen FROM ledger_accounts WHERE id = ?"), arguments: [account]) ?? 0
            storedBalances[account] = stored
        }
        return stored + (balanceDeltas[account] ?? 0)
    }

    /// What the substation's next charges may take (balance plus credit, less charges reserved), or nil
    /// when its deliveries do not wait for funds.
    func available(_ db: Database, substationId: Int64) throws -> Int64? {
        let station = try station(db, id: substationId)
        guard station.fundsRequired else { return nil }
        return try balance(db, substationId: substationId) + station.creditLimit - (reserved[substationId] ?? 0)
    }

    /// Counts a charge as spent before it is posted (the intake posts its deliveries' charges at the flush).
    func reserve(substationId: Int64, amount: Int64) { reserved[substationId, default: 0] += amount }
    func release(substationId: Int64, amount: Int64) { reserved[substationId, default: 0] -= amount }

    /// "YYYY-MM-DD" of the UTC+8 day `date` falls on.
    func day(of date: Date) -> String {
        if let cached = dayCache, date >= cached.start, date < cached.end { return cached.text }
        let day = BusinessDay(containing: date)
        dayCache = (day.start, day.end, day.description)
        return day.description
    }

    // MARK: Posting

    /// Inserts one entry and its postings (which must sum to zero), adds them to the running balances
    /// and, for a charge or refund, `figures` to the day's row of (substation, product). Returns the entry's id.
    @discardableResult
    func post(_ db: Database, kind: LedgerEntryKind, substationId: Int64, orderId: Int64?, reference: String?, actor: String,
              postings: [LedgerPosting], at date: Date, time: String, daily figures: (productId: Int64, DailyFigures)? = nil) throws -> Int64 {
        let lines = try postings.map { posting in
            (account: try account(db, posting.account, substationId: try posting.substationCode.map { try stationId(db, code: $0) }),
             amount: posting.amount.fen)
        }
        return try post(db, kind: kind, substationId: substationId, orderId: orderId, reference: reference, actor: actor,
                        lines: lines, at: date, time: time, daily: figures)
    }

    /// `post` with the accounts already resolved (a refund reverses its charge's postings by account).
    @discardableResult
    func post(_ db: Database, kind: LedgerEntryKind, substationId: Int64, orderId: Int64?, reference: String?, actor: String,
              lines: [(account: Int64, amount: Int64)], at date: Date, time: String,
              daily figures: (productId: Int64, DailyFigures)? = nil) throws -> Int64 {
        guard lines.reduce(Int64(0), { $0 + $1.amount }) == 0 else {
            throw StoreError.tampered("ledger \(kind.rawValue) entry for substation #\(substationId) does not sum to zero")
        }
        try insertEntry.execute(db, [.text(time), .text(kind.rawValue), .int(substationId), orderId.map { .int($0) } ?? .null,
                                     reference.map { .text($0) } ?? .null, .text(actor)])
        let entryId = db.lastInsertedRowID
        for line in lines {
            try insertPosting.execute(db, [.int(line.account), .int(entryId), .int(line.amount)])
            balanceDeltas[line.account, default: 0] += line.amount
        }
        if let figures {
            let (productId, add) = figures
            let key = DailyKey(day: day(of: date), substationId: substationId, productId: productId)
            var row = daily[key] ?? DailyFigures()
            row.orders += add.orders; row.units += add.units; row.gross += add.gross; row.charge += add.charge
            row.override += add.override; row.cost += add.cost; row.refunds += add.refunds
            row.refundCharge += add.refundCharge; row.refundOverride += add.refundOverride
            daily[key] = row
        }
        return entryId
    }

    /// Posts the charge entry of a delivered order.
    func postCharge(_ db: Database, orderId: Int64, substationId: Int64, productId: Int64, quantity: Int, charge: OrderCharge,
                    actor: String, at date: Date, time: String) throws {
        let station = try station(db, id: substationId)
        let figures = DailyFigures(orders: 1, units: Int64(quantity), gross: charge.gross.fen, charge: charge.charge.fen,
                                   override: station.parentCode == nil ? 0 : charge.override.fen, cost: charge.cost.fen)
        try post(db, kind: .charge, substationId: substationId, orderId: orderId, reference: nil, actor: actor,
                 postings: charge.chargePostings(substation: station.code, parent: station.parentCode), at: date, time: time,
                 daily: (productId, figures))
    }

    /// Writes the running balances and the daily figures, and forgets them.
    func flush(_ db: Database) throws {
        for (account, delta) in balanceDeltas where delta != 0 {
            try db.cachedStatement(sql: "UPDATE ledger_accounts SET balance_fen = balance_fen + ? WHERE id = ?").execute(arguments: [delta, account])
            if let known = storedBalances[account] { storedBalances[account] = known + delta }
        }
        balanceDeltas.removeAll(keepingCapacity: true)
        for (key, f) in daily {
            try db.cachedStatement(sql: Self.upsertDaily).execute(arguments: [
                key.day, key.substationId, key.productId, f.orders, f.units, f.gross, f.charge, f.override, f.cost,
                f.refunds, f.refundCharge, f.refundOverride])
        }
        daily.removeAll(keepingCapacity: true)
    }

    /// Forgets what was not flushed (the transaction or savepoint that posted it rolls back).
    func discard() {
        balanceDeltas.removeAll()
        daily.removeAll()
        storedBalances.removeAll()
    }

    private static let upsertDaily = """
        INSERT INTO ledger_daily (day, substation_id, product_id, orders, units, gross_fen, charge_fen, override_fen, cost_fen,
                                  refunds, refund_charge_fen, refund_override_fen)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (day, substation_id, product_id) DO UPDATE SET
            orders = orders + excluded.orders, units = units + excluded.units, gross_fen = gross_fen + excluded.gross_fen,
            charge_fen = charge_fen + excluded.charge_fen, override_fen = override_fen + excluded.override_fen,
            cost_fen = cost_fen + excluded.cost_fen, refunds = refunds + excluded.refunds,
            refund_charge_fen = refund_charge_fen + excluded.refund_charge_fen,
            refund_override_fen = refund_override_fen + excluded.refund_override_fen
        """
}

extension SQLiteStore {
    /// The refund entry of a charged order: exactly its charge entry's postings on the substation's
    /// prepaid and the parent's commission payable reversed, read back rather than priced again (prices
    /// and commissions may have changed since); the keys' cost stays a loss. Nothing when the order was
    /// never charged (delivered before the ledger started, or never delivered) or is refunded already.
    func postRefund(_ db: Database, orderId: Int64, actor: String, now: Date) throws {
        guard let charge = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT e.id, e.substation_id, o.product_id,
                   NOT EXISTS (SELECT 1 FROM ledger_entries r WHERE r.order_id = e.order_id AND r.kind = 'refund')
            FROM ledger_entries e JOIN orders o ON o.id = e.order_id WHERE e.order_id = ? AND e.kind = 'charge'
            """), arguments: [orderId]), charge[3] as Bool else { return }
        let postings = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT p.account_id, p.amount_fen, a.kind FROM ledger_postings p JOIN ledger_accounts a ON a.id = p.account_id
            WHERE p.entry_id = ? AND a.kind IN ('prepaid', 'commission_payable', 'platform_revenue') ORDER BY p.account_id
            """), arguments: [charge[0] as Int64])
        var figures = LedgerBook.DailyFigures(refunds: 1)
        var lines: [(account: Int64, amount: Int64)] = []
        for row in postings {
            let account: Int64 = row[0], amount: Int64 = row[1], kind: String = row[2]
            switch kind {
            case LedgerAccountKind.prepaid.rawValue: figures.refundCharge += -amount
            case LedgerAccountKind.commissionPayable.rawValue: figures.refundOverride += amount
            default: break
            }
            lines.append((account, -amount))
        }
        let substationId: Int64 = charge[1], productId: Int64 = charge[2]
        let book = try LedgerBook(db)
        try book.post(db, kind: .refund, substationId: substationId, orderId: orderId, reference: nil, actor: actor, lines: lines,
                      at: now, time: StoreTime.string(now), daily: (productId, figures))
        try book.flush(db)
    }
}
