import Foundation
import KamengDomain
import KamengStore

/// The queries the console's effects run. A protocol so the loop can be tested with canned data and a
/// slow source; `StoreDataSource` is the real one.
public protocol ConsoleDataSource: Sendable {
    /// Orders newest first, strictly older than `after` (by created-at, then id), at most `limit`.
    func orders(after: OrderPageKey?, limit: Int) throws -> [OrderSummary]
    /// The same, narrowed by a filter.
    func orders(query: OrderQuery, after: OrderPageKey?, limit: Int) throws -> [OrderSummary]
    /// An order's timeline and its keys, masked.
    func orderDetail(_ summary: OrderSummary) throws -> OrderDetail
    /// Opens an order's keys: reason and step-up code required, audited, rate-limited by the store.
    func revealKeys(orderId: Int64, reason: String, code: String) throws -> [ShownKey]
    func stockLevels() throws -> [StockLevel]
    /// A number that changes whenever another connection commits (`PRAGMA data_version`).
    func dataVersion() throws -> Int
    /// Recent import batches, newest first.
    func batches(limit: Int) throws -> [BatchSummary]
    /// Imports (or with `dryRun`, previews) a supplier file into a product as the console's user.
    func importFile(path: String, sku: String, dryRun: Bool, force: Bool,
                    progress: @escaping (ImportFigures) -> Void, isCancelled: @escaping () -> Bool) throws -> ImportOutcome
    /// Keys sold per day per SKU (14 days, today last) and the alerts' acknowledgements.
    func alertContext(now: Date) throws -> (sales: [String: [Int]], acks: [String: StockAlertAck])
    /// Acknowledges a product's alert, or snoozes it for `snoozeHours`.
    func acknowledgeAlert(sku: String, snoozeHours: Double?) throws
    func setThreshold(sku: String, threshold: Int) throws
    /// Delivers (补单) or refunds an order as the console's user; returns the outcome in words.
    func act(_ action: OrderAction, orderId: Int64, code: String?) throws -> String
    /// Held orders, highest score first.
    func heldOrders() throws -> [OrderSummary]
    /// Orders sharing an order's IP, buyer or device.
    func related(to summary: OrderSummary) throws -> RelatedOrders
    /// Applies a risk decision to each order; returns how many it applied to. A reject also blacklists
    /// each rejected order's values of the kinds in `blacklist`.
    func decide(_ decision: RiskDecision, orderIds: [Int64], note: String, code: String?, blacklist: Set<BlacklistKind>) throws -> Int
    /// Every substation with its health evaluated at `now` and its last day of heartbeats.
    func substationHealth(now: Date) throws -> [SubstationHealthRow]
    /// Suspends or resumes a substation as the console's user.
    func setSubstationStatus(code: String, to status: SubstationStatus) throws
    /// Voids a batch's unsold keys, with the person's step-up code; returns how many.
    func voidBatch(id: Int64, stepUpCode: String) throws -> Int
    /// Opens one substation as the console's user; returns its API secret (to be shown once).
    func openSubstation(_ draft: SubstationDraft) throws -> String
    /// Reads a batch file (at most `SubstationSheet.maxBytes`) and checks it against the substations that exist.
    func readSubstationSheet(path: String) throws -> SubstationSheet
    /// Opens a checked batch all-or-nothing, its secrets written to a file beside `path`.
    func openSubstations(_ drafts: [SubstationDraft], from path: String) throws -> SubstationBatchResult
}

/// Why a console action could not run against its data source.
public enum ConsoleSourceError: Error, CustomStringConvertible, Sendable {
    case unavailable(String)
    /// The console was opened without a staff identity, so nothing can be changed.
    case noStaff

    public var description: String {
        switch self {
        case .unavailable(let what): "\(what) is not available here"
        case .noStaff: "you are not staff of this database (ask an admin: kameng staff add USER --role ROLE)"
        }
    }
}

extension ConsoleDataSource {
    public func orders(query: OrderQuery, after: OrderPageKey?, limit: Int) throws -> [OrderSummary] {
        guard query.isEmpty else { throw ConsoleSourceError.unavailable("filtering") }
        return try orders(after: after, limit: limit)
    }
    public func orderDetail(_ summary: OrderSummary) throws -> OrderDetail { throw ConsoleSourceError.unavailable("order detail") }
    public func revealKeys(orderId: Int64, reason: String, code: String) throws -> [ShownKey] { throw ConsoleSourceError.unavailable("reveal") }
    public func batches(limit: Int) throws -> [BatchSummary] { throw ConsoleSourceError.unavailable("batches") }
    public func importFile(path: String, sku: String, dryRun: Bool, force: Bool,
                           progress: @escaping (ImportFigures) -> Void, isCancelled: @escaping () -> Bool) throws -> ImportOutcome {
        throw ConsoleSourceError.unavailable("import")
    }
    public func voidBatch(id: Int64, stepUpCode: String) throws -> Int { throw ConsoleSourceError.unavailable("void") }
    public func substationHealth(now: Date) throws -> [SubstationHealthRow] { throw ConsoleSourceError.unavailable("substations") }
    public func heldOrders() throws -> [OrderSummary] { throw ConsoleSourceError.unavailable("the risk queue") }
    public func act(_ action: OrderAction, orderId: Int64, code: String?) throws -> String { throw ConsoleSourceError.unavailable(action.rawValue) }
    public func alertContext(now: Date) throws -> (sales: [String: [Int]], acks: [String: StockAlertAck]) { ([:], [:]) }
    public func acknowledgeAlert(sku: String, snoozeHours: Double?) throws { throw ConsoleSourceError.unavailable("acknowledging") }
    public func setThreshold(sku: String, threshold: Int) throws { throw ConsoleSourceError.unavailable("thresholds") }
    public func related(to summary: OrderSummary) throws -> RelatedOrders { throw ConsoleSourceError.unavailable("related orders") }
    public func decide(_ decision: RiskDecision, orderIds: [Int64], note: String, code: String?, blacklist: Set<BlacklistKind>) throws -> Int {
        throw ConsoleSourceError.unavailable("risk decisions")
    }
    public func setSubstationStatus(code: String, to status: SubstationStatus) throws { throw ConsoleSourceError.unavailable("suspend") }
    public func openSubstation(_ draft: SubstationDraft) throws -> String { throw ConsoleSourceError.unavailable("opening substations") }
    public func readSubstationSheet(path: String) throws -> SubstationSheet { throw ConsoleSourceError.unavailable("reading files") }
    public func openSubstations(_ drafts: [SubstationDraft], from path: String) throws -> SubstationBatchResult {
        throw ConsoleSourceError.unavailable("opening substations")
    }
}

/// The console's queries over a `KamengStore`, acting as `staff` (the OS user running the console).
public struct StoreDataSource: ConsoleDataSource {
    public let store: KamengStore
    public let staff: Staff?
    public let healthRules: HealthRules
    /// `dataVersion()` asks one connection of its own (see `DataVersionProbe`); nil if it could not open.
    private let versionProbe: DataVersionProbe?

    public init(store: KamengStore, staff: Staff? = nil, healthRules: HealthRules = .defaults) {
        self.store = store
        self.staff = staff
        self.healthRules = healthRules
        versionProbe = try? store.makeDataVersionProbe()
    }

    public func heldOrders() throws -> [OrderSummary] { try store.heldOrders() }

    public func act(_ action: OrderAction, orderId: Int64, code: String?) throws -> String {
        guard let staff else { throw ConsoleSourceError.noStaff }
        switch action {
        case .refund:
            try store.refund(orderId: orderId, by: staff, stepUp: code)
            return "refunded"
        case .deliver:
            switch try store.deliverManually(orderId: orderId, by: staff) {
            case .delivered(let keys): return "delivered \(keys.count) key(s)"
            case .alreadyDelivered: return "already delivered"
            case .awaitingStock(let available): return "still awaiting stock (\(available) available)"
            case .notDeliverable(let status): return "not deliverable: \(status.rawValue)"
            }
        }
    }

    public func alertContext(now: Date) throws -> (sales: [String: [Int]], acks: [String: StockAlertAck]) {
        (try store.dailySales(days: 14, now: now), try store.stockAlertAcks())
    }

    public func acknowledgeAlert(sku: String, snoozeHours: Double?) throws {
        guard let staff else { throw ConsoleSourceError.noStaff }
        try store.acknowledgeStockAlert(sku: sku, snoozeUntil: snoozeHours.map { Date().addingTimeInterval($0 * 3_600) }, by: staff)
    }

    public func setThreshold(sku: String, threshold: Int) throws {
        guard let staff else { throw ConsoleSourceError.noStaff }
        try store.setLowStockThreshold(sku: sku, to: threshold, by: staff)
    }

    public func related(to summary: OrderSummary) throws -> RelatedOrders {
        let o = summary.order
        func same(_ value: String) throws -> [OrderSummary] {
            var query = OrderQuery()
            query.words = [value]
            return value.isEmpty ? [] : try store.searchOrders(query, limit: 20)
        }
        return RelatedOrders(orderId: o.id ?? -1, sameIP: try same(o.ip), sameBuyer: try same(o.buyer), sameDevice: try same(o.device))
    }

    public func decide(_ decision: RiskDecision, orderIds: [Int64], note: String, code: String?, blacklist: Set<BlacklistKind>) throws -> Int {
        guard let staff else { throw ConsoleSourceError.noStaff }
        var done = 0
        for id in orderIds {
            // A bulk decision retried with a code skips the orders the first attempt already decided.
            if decision == .approve || decision == .reject, try store.order(id: id).status != .flagged { continue }
            switch decision {
            case .approve: try store.approveAndDeliver(orderId: id, note: note, by: staff)
            case .reject: try store.rejectHeld(orderId: id, note: note, blacklisting: blacklist, by: staff, stepUp: code)
            case .escalate: try store.annotateOrder(orderId: id, note: note, escalate: true, by: staff)
            case .note: try store.annotateOrder(orderId: id, note: note, by: staff)
            }
            done += 1
        }
        return done
    }

    public func substationHealth(now: Date) throws -> [SubstationHealthRow] {
        // 25 hours: the order-rate baseline looks back a day from the latest heartbeat.
        let rows = try store.substationsWithSignals(since: now.addingTimeInterval(-25 * 3_600)).map { entry in
            SubstationHealthRow(substation: entry.substation,
                                report: HealthEvaluator.evaluate(substation: entry.substation, signals: entry.signals, now: now, rules: healthRules),
                                history: entry.signals.filter { $0.at >= now.addingTimeInterval(-24 * 3_600) })
        }
        return SubstationHealthRow.ranked(rows)
    }

    public func setSubstationStatus(code: String, to status: SubstationStatus) throws {
        guard let staff else { throw ConsoleSourceError.noStaff }
        try store.setSubstationStatus(code: code, to: status, by: staff)
    }

    public func openSubstation(_ draft: SubstationDraft) throws -> String {
        guard let staff else { throw ConsoleSourceError.noStaff }
        return try store.addSubstation(draft.substation(createdAt: Date()), parentCode: draft.parentCode, by: staff).apiSecret
    }

    public func readSubstationSheet(path: String) throws -> SubstationSheet {
        try store.readSubstationSheet(path: (path as NSString).expandingTildeInPath)
    }

    public func openSubstations(_ drafts: [SubstationDraft], from path: String) throws -> SubstationBatchResult {
        guard let staff else { throw ConsoleSourceError.noStaff }
        return try store.addSubstations(drafts, from: (path as NSString).expandingTildeInPath, by: staff)
    }

    public func orders(after: OrderPageKey?, limit: Int) throws -> [OrderSummary] {
        guard let after else { return try store.recentOrders(after: nil, limit: limit) }
        return try store.recentOrders(after: OrderCursor(createdAt: after.createdAt, id: after.id), limit: limit)
    }

    public func orders(query: OrderQuery, after: OrderPageKey?, limit: Int) throws -> [OrderSummary] {
        guard !query.isEmpty else { return try orders(after: after, limit: limit) }
        return try store.searchOrders(query, after: after.map { OrderCursor(createdAt: $0.createdAt, id: $0.id) }, limit: limit)
    }

    public func orderDetail(_ summary: OrderSummary) throws -> OrderDetail {
        guard let id = summary.order.id else { throw ConsoleSourceError.unavailable("an unsaved order") }
        let keys = try store.deliveredKeys(orderId: id).map { MaskedKey(id: $0.id, numberHint: $0.numberHint, status: $0.status.rawValue) }
        return OrderDetail(summary: summary, history: try store.orderHistory(orderNo: summary.order.orderNo), keys: keys)
    }

    public func revealKeys(orderId: Int64, reason: String, code: String) throws -> [ShownKey] {
        guard let staff else { throw ConsoleSourceError.noStaff }
        return try store.revealKeys(orderId: orderId, reason: reason, by: staff, stepUp: code)
            .map { ShownKey(id: $0.keyId, number: $0.number, secret: $0.secret) }
    }

    public func stockLevels() throws -> [StockLevel] { try store.stockLevels() }

    public func dataVersion() throws -> Int { try versionProbe?.version() ?? store.dataVersion() }

    public func batches(limit: Int) throws -> [BatchSummary] {
        try store.batches(limit: limit).map { entry in
            BatchSummary(id: entry.batch.id, sku: entry.productSKU, fileName: entry.batch.fileName, importedAt: entry.batch.importedAt,
                         importedBy: entry.batch.importedBy, accepted: entry.batch.accepted,
                         duplicates: entry.batch.duplicateInFile + entry.batch.duplicateInStore, rejected: entry.batch.rejected,
                         available: entry.available, voided: entry.batch.status == .voided)
        }
    }

    public func importFile(path: String, sku: String, dryRun: Bool, force: Bool,
                           progress: @escaping (ImportFigures) -> Void, isCancelled: @escaping () -> Bool) throws -> ImportOutcome {
        guard let staff else { throw ConsoleSourceError.noStaff }
        let started = DispatchTime.now().uptimeNanoseconds
        let request = FileImportRequest(file: URL(fileURLWithPath: path), productSKU: sku, dryRun: dryRun, force: force)
        return try store.importFile(request, by: staff, progress: { report in
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            progress(ImportFigures(bytesRead: report.bytesRead, totalBytes: report.totalBytes, records: report.records, elapsedSeconds: elapsed))
        }, isCancelled: isCancelled)
    }

    public func voidBatch(id: Int64, stepUpCode: String) throws -> Int {
        guard let staff else { throw ConsoleSourceError.noStaff }
        return try store.voidBatch(id: id, by: staff, stepUp: stepUpCode)
    }
}
