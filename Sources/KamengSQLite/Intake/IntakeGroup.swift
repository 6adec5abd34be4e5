import Foundation
import GRDB
import KamengDomain
import KamengStorage

/// One group of intake lines inside one write transaction: the substations' status and the catalogue
/// read once, each line applied in order, then the low-stock check and ONE audit row per audit actor
/// among its lines (one for a file; one per substation for the API's feed) naming every change.
final class IntakeGroup {
    struct Station {
        var code: String
        var status: SubstationStatus
        var expiresAt: String?
        /// It has a notify URL: its delivered orders get a notice in the outbox.
        var notify: Bool
        /// Its commission and its parent's, for the charge the `below_cost` rule compares with.
        var commissionBasisPoints: Int
        var parentBasisPoints: Int?
    }

    struct ProductInfo {
        var id: Int64
        var sku: String
        var threshold: Int
        var reusable: Bool
        var retail: Int64
        var cost: Int64
    }

    /// What the group changed, for its audit row (a line that fails in isolated mode is taken back out).
    struct Changes {
        var created: [String] = []
        var flagged: [String] = []
        var held: [String] = []
        var delivered: [String] = []
        var awaiting: [String] = []
        var awaitingFunds: [String] = []
        var signals = 0
        var rejected = 0
        /// Pending orders sent to the risk queue by a payment of the wrong amount (that line is rejected).
        var flaggedByPayment = 0
        var touchedProducts: Set<Int64> = []
        var shortProducts: Set<Int64> = []

        var isEmpty: Bool { created.isEmpty && flagged.isEmpty && held.isEmpty && delivered.isEmpty && awaiting.isEmpty && awaitingFunds.isEmpty && signals == 0 && rejected == 0 }
    }

    let store: SQLiteStore
    let db: Database
    let context: IntakeContext
    let time: String
    let s: IntakeStatements
    let stations: [Int64: Station]
    let products: [String: ProductInfo]
    let productsById: [Int64: ProductInfo]
    let blacklistEmpty: Bool
    /// The blacklist's values by kind, as UTF-8 bytes (SQL's `=` on TEXT compares bytes), read once per
    /// group when it is small: a set lookup per order instead of a statement of three index probes.
    /// Nil when it is large; the statement answers then. Intake never changes the blacklist.
    let blacklist: [BlacklistKind: Set<[UInt8]>]?
    /// At most this many blacklist rows are read into `blacklist`.
    static let blacklistInMemory = 10_000
    /// No failed payment recorded yet: the buyer's failed-payment count is 0 without a query.
    var failuresEmpty: Bool
    /// The changes of the current line's actor; the other actors' wait in `actorLines`.
    var changes = Changes()
    /// Per audit actor in the order they first appear: its lines' range and, once another actor's line
    /// came between, its changes (see `select`).
    struct ActorLines {
        var actor: String
        var first: Int
        var last: Int
        var changes = Changes()
    }
    private(set) var actorLines: [ActorLines] = []
    private var actorIndex: [String: Int] = [:]
    private var current: Int?
    /// The actor of the line being applied: its delivery and its group audit row name it.
    var lineActor: String { current.map { actorLines[$0].actor } ?? context.actor }
    /// Orders held back until the group flushes (`PendingWrites`); off when lines are applied one by one.
    let deferWrites: Bool
    var pending = PendingWrites()

    init(store: SQLiteStore, db: Database, context: IntakeContext, now: Date, deferWrites: Bool) throws {
        self.store = store
        self.deferWrites = deferWrites
        self.db = db
        self.context = context
        time = StoreTime.string(now)
        s = try IntakeStatements(db, now: now, ledger: store.postsLedger)
        var stations: [Int64: Station] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT s.id, s.code, s.status, s.expires_at, s.notify_url_sealed IS NOT NULL, s.commission_bp, p.commission_bp
            FROM substations s LEFT JOIN substations p ON p.id = s.parent_id
            """) {
            stations[row[0]] = Station(code: row[1], status: try row.decode("status", table: "substations"), expiresAt: row[3], notify: row[4],
                                       commissionBasisPoints: row[5], parentBasisPoints: row[6])
        }
        self.stations = stations
        var products: [String: ProductInfo] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, sku, low_stock_threshold, reusable, price_retail_fen, cost_fen FROM products") {
            products[row[1]] = ProductInfo(id: row[0], sku: row[1], threshold: row[2], reusable: row[3], retail: row[4], cost: row[5])
        }
        self.products = products
        productsById = Dictionary(uniqueKeysWithValues: products.values.map { ($0.id, $0) })
        blacklistEmpty = try !(Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM blacklist)") ?? false)
        if blacklistEmpty {
            blacklist = [:]
        } else if try Int.fetchOne(db, sql: "SELECT count(*) FROM (SELECT 1 FROM blacklist LIMIT ?)", arguments: [Self.blacklistInMemory + 1]) ?? 0
                    <= Self.blacklistInMemory {
            var sets: [BlacklistKind: Set<[UInt8]>] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT kind, CAST(value AS BLOB) FROM blacklist WHERE typeof(value) = 'text'") {
                guard let kind = BlacklistKind(rawValue: row[0]) else { continue }
                let value: Data = row[1] ?? Data()
                sets[kind, default: []].insert([UInt8](value))
            }
            blacklist = sets
        } else {
            blacklist = nil
        }
        failuresEmpty = try !(Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM payment_failures)") ?? false)
    }

    /// Applies every line. With `isolated`, each line runs in its own savepoint and a line the store
    /// fails on is rejected alone (`store_error`); without, any failure aborts the group for a retry.
    func apply(_ lines: [PreparedLine], isolated: Bool) throws -> [IntakeOutcome] {
        var outcomes: [IntakeOutcome] = []
        outcomes.reserveCapacity(lines.count)
        for prepared in lines {
            select(actor: prepared.auditActor ?? context.actor, line: prepared.number)
            var outcome: IntakeOutcome = .orderDuplicate
            if isolated {
                let before = changes
                do {
                    try db.inSavepoint {
                        outcome = try applyOne(prepared)
                        return .commit
                    }
                } catch {
                    changes = before
                    let problem = IntakeProblem(.storeError, IntakeProblem.clip(String(describing: error), limit: 200))
                    try reject(prepared, problem)
                    outcome = .rejected(problem)
                }
            } else {
                outcome = try applyOne(prepared)
            }
            outcomes.append(outcome)
        }
        try flush()
        stashActor()
        return outcomes
    }

    /// Makes `changes` the actor's: the previous actor's are put away first. Swapped, not copied, so a
    /// group of one actor (every file) pays one comparison a line.
    private func select(actor: String, line: Int) {
        if let current, actorLines[current].actor == actor {
            actorLines[current].last = line
            return
        }
        stashActor()
        let index: Int
        if let known = actorIndex[actor] {
            index = known
            actorLines[index].last = line
        } else {
            index = actorLines.count
            actorIndex[actor] = index
            actorLines.append(ActorLines(actor: actor, first: line, last: line))
        }
        swap(&changes, &actorLines[index].changes)
        current = index
    }

    private func stashActor() {
        guard let current else { return }
        swap(&changes, &actorLines[current].changes)
        self.current = nil
    }

    /// Every actor's changes together: what the group did as a whole.
    var totals: (touched: Set<Int64>, short: Set<Int64>, flaggedByPayment: Int) {
        var total: (touched: Set<Int64>, short: Set<Int64>, flaggedByPayment: Int) = ([], [], 0)
        for part in actorLines.map(\.changes) + [changes] {
            total.touched.formUnion(part.touchedProducts)
            total.short.formUnion(part.shortProducts)
            total.flaggedByPayment += part.flaggedByPayment
        }
        return total
    }

    private func applyOne(_ prepared: PreparedLine) throws -> IntakeOutcome {
        let outcome: IntakeOutcome
        switch prepared.payload {
        case let .failure(problem): outcome = .rejected(problem)
        case let .success(payload):
            if let problem = stationProblem(prepared) {
                outcome = .rejected(problem)
            } else {
                let stationId = prepared.substationId!
                switch payload {
                case let .order(order):
                    outcome = try deferWrites ? deferOrder(order, stationId: stationId) : applyOrder(order, stationId: stationId)
                case let .payment(payment):
                    outcome = try deferWrites ? deferPayment(payment, stationId: stationId) : applyPayment(payment, stationId: stationId)
                case let .heartbeat(beat): outcome = try applyHeartbeat(beat, stationId: stationId)
                }
            }
        }
        if case let .rejected(problem) = outcome { try reject(prepared, problem) }
        return outcome
    }

    /// Refuses lines from a substation that may not trade now: suspended, closed or past its expiry.
    private func stationProblem(_ prepared: PreparedLine) -> IntakeProblem? {
        guard let id = prepared.substationId, let station = stations[id] else {
            return IntakeProblem(.unknownSubstation, "no substation \"\(prepared.substation)\"")
        }
        switch station.status {
        case .active: break
        case .suspended, .closed: return IntakeProblem(.suspendedSubstation, "substation \(station.code) is \(station.status.rawValue)")
        }
        if let expiry = station.expiresAt, expiry <= time { return IntakeProblem(.suspendedSubstation, "substation \(station.code) expired") }
        return nil
    }

    private func reject(_ prepared: PreparedLine, _ problem: IntakeProblem) throws {
        var excerpt = prepared.excerpt
        if case let .success(payload) = prepared.payload { excerpt = IntakeKeyring.excerpt(payload) }
        try s.insertRejection.execute(db, [.text(time), .text(context.source), .int(Int64(prepared.number)), .text(prepared.substation),
                                           .text(prepared.kind.rawValue), .text(problem.reason.rawValue), .text(problem.detail),
                                           .text(excerpt)])
        changes.rejected += 1
    }

    private func applyHeartbeat(_ beat: IntakeHeartbeat, stationId: Int64) throws -> IntakeOutcome {
        let at = StoreTime.string(beat.at)
        if try s.signalExists.first(db, [.int(stationId), .text(at)], { _ in true }) == true { return .heartbeatDuplicate }
        try s.insertSignal.execute(db, [.int(stationId), .text(at), .int(Int64(beat.callbacks)), .int(Int64(beat.callbackFailures)),
                                        .int(Int64(beat.deliveryP95Ms)), .int(Int64(beat.ordersLastHour))])
        changes.signals += 1
        return .heartbeatAccepted
    }

    /// After the lines: products sold from or found short that are now under their threshold (the
    /// low-stock pane shows them); a short product counts even with no threshold set.
    func lowStockSKUs() throws -> [String] {
        var low: [String] = []
        let totals = totals
        for id in totals.touched.union(totals.short).sorted() {
            guard let product = productsById[id] else { continue }
            if totals.short.contains(id) { low.append(product.sku); continue }
            guard product.threshold > 0 else { continue }
            // Counts at most `threshold` keys: the answer is "under or not", not the stock.
            let available = try Int.fetchOne(db.cachedStatement(sql: """
                SELECT count(*) FROM (SELECT 1 FROM card_keys WHERE product_id = ? AND status = 'available' LIMIT ?)
                """), arguments: [id, product.threshold]) ?? 0
            if available < product.threshold { low.append(product.sku) }
        }
        return low
    }

    /// The group's audit rows, one per actor among its lines (the run's actor for a file, `api:CODE` for
    /// the API's feed): every order created, flagged, paid while held, delivered or left waiting for
    /// stock, by number, and how many signals and rejections were recorded. The target names the
    /// actor's first and last line in the group.
    func audit() throws {
        stashActor()
        for part in actorLines where !part.changes.isEmpty {
            let changes = part.changes
            var parts: [String] = []
            func list(_ name: String, _ items: [String]) { if !items.isEmpty { parts.append("\(name) \(items.count): " + items.joined(separator: " ")) } }
            list("orders", changes.created)
            list("flagged", changes.flagged)
            list("paid-held", changes.held)
            list("delivered", changes.delivered)
            list("awaiting-stock", changes.awaiting)
            list("awaiting-funds", changes.awaitingFunds)
            if changes.signals > 0 { parts.append("signals \(changes.signals)") }
            if changes.rejected > 0 { parts.append("rejected \(changes.rejected)") }
            try store.appendAudit(db, actor: part.actor, action: "intake.group", target: "intake:\(context.source)#\(part.first)-\(part.last)",
                                  detail: parts.joined(separator: "; "), time: time)
        }
    }
}

/// What stays the same for a whole `ingest` run.
struct IntakeContext: Sendable {
    var actor: String
    var source: String
    var rules: RiskRules
    var deferWrites = true
    var onIsolatedRetry: (@Sendable (any Error) -> Void)?
}
