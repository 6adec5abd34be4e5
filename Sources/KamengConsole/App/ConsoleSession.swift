import Foundation
import KamengDomain
import KamengImport
import KamengStorage

/// What the console works with: the engine (the storage interface; the console never knows which engine
/// it is), who is acting, and the health rules the substation pane judges by. The effects call the
/// engine's operations directly; the few reads below only combine operations into what a pane shows.
public struct ConsoleSession: Sendable {
    public let engine: any KamengEngine
    /// The staff member acting; nil for someone who may only look.
    public let staff: Staff?
    /// The staff name: named when a change is refused because they are not staff.
    public let userName: String
    public let healthRules: HealthRules
    /// Through `kameng ssh-session`: the caller's inbox, the only directory the Import pane opens files
    /// in (names relative to it; absolute paths and `..` refused). Nil locally: any path.
    public let fileRoot: String?

    public init(engine: any KamengEngine, staff: Staff?, userName: String, healthRules: HealthRules = .defaults, fileRoot: String? = nil) {
        self.engine = engine
        self.staff = staff
        self.userName = userName
        self.healthRules = healthRules
        self.fileRoot = fileRoot
    }

    /// The file a pane's prompt may open for `typed`: any path locally; through ssh only a name in the
    /// caller's inbox (`fileRoot`), since the service account opening it can read the key file.
    func openable(_ typed: String) throws(StoreError) -> String {
        guard let fileRoot else { return typed }
        switch InboxPath.resolve(typed, root: fileRoot) {
        case .success(let inside):
            // Named as typed: the inbox's place on the host is none of the caller's business.
            guard FileManager.default.fileExists(atPath: inside) else { throw StoreError.file(path: typed, problem: .missing) }
            return inside
        case .failure(let problem):
            throw StoreError.file(path: typed, problem: .cannotRead(reason: problem.message))
        }
    }

    /// Tab completion for a pane's file prompt, inside the inbox through ssh.
    func completePath(_ typed: String) -> (completion: String, candidates: [String]) {
        fileRoot.map { PathCompletion.completeInside(typed, root: $0) } ?? PathCompletion.completeOnDisk(typed)
    }

    /// The staff member a change is made as; someone who is not staff is refused as the engine would refuse them.
    func actor() throws(StoreError) -> Staff {
        guard let staff else { throw StoreError.unknownStaff(user: userName) }
        return staff
    }
}

extension ConsoleSession {
    /// An order's timeline and its keys, masked.
    func orderDetail(_ summary: OrderSummary) async throws(StoreError) -> OrderDetail {
        guard let id = summary.order.id else { throw StoreError.notFound(.orderNo(summary.order.orderNo)) }
        let keys = try await engine.deliveredKeys(orderId: id).map { MaskedKey(id: $0.id, numberHint: $0.numberHint, status: $0.status.rawValue) }
        return OrderDetail(summary: summary, history: try await engine.orderHistory(orderNo: summary.order.orderNo), keys: keys)
    }

    /// Opens an order's keys: reason and step-up code required, audited, rate-limited by the engine.
    func revealKeys(orderId: Int64, reason: String, code: String) async throws(StoreError) -> [ShownKey] {
        try await engine.revealKeys(orderId: orderId, reason: reason, by: actor(), stepUp: code)
            .map { ShownKey(id: $0.keyId, number: $0.number, secret: $0.secret) }
    }

    /// Delivers (补单) or refunds an order; returns the outcome in words.
    func act(_ action: OrderAction, orderId: Int64, code: String?) async throws(StoreError) -> String {
        let staff = try actor()
        switch action {
        case .refund:
            try await engine.refund(orderId: orderId, by: staff, stepUp: code)
            return "refunded"
        case .deliver:
            switch try await engine.deliverManually(orderId: orderId, by: staff) {
            case .delivered(let keys): return "delivered \(keys.count) key(s)"
            case .alreadyDelivered: return "already delivered"
            case .awaitingStock(let available): return "still awaiting stock (\(available) available)"
            case .awaitingFunds(let charge, let available): return "awaiting funds (charge \(charge), available \(available))"
            case .notDeliverable(let status): return "not deliverable: \(status.rawValue)"
            }
        }
    }

    /// Keys sold per day per SKU (14 days, today last) and the alerts' acknowledgements.
    func alertContext(now: Date) async throws(StoreError) -> (sales: [String: [Int]], acks: [String: StockAlertAck]) {
        (try await engine.dailySales(days: 14, now: now), try await engine.stockAlertAcks())
    }

    /// Imports (or with `dryRun`, previews) a supplier file into a product, reporting progress as figures.
    func importFile(path: String, sku: String, dryRun: Bool, force: Bool, choices: ImportChoices, progress: @escaping @Sendable (ImportFigures) -> Void,
                    isCancelled: @escaping @Sendable () -> Bool) async throws(StoreError) -> ImportOutcome {
        let staff = try actor()
        let path = try openable(path)
        let started = DispatchTime.now().uptimeNanoseconds
        let request = FileImportRequest(file: URL(fileURLWithPath: path), productSKU: sku, dryRun: dryRun, force: force, options: choices.options)
        return try await engine.importFile(request, by: staff, progress: { report in
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            progress(ImportFigures(bytesRead: report.bytesRead, totalBytes: report.totalBytes, records: report.records, elapsedSeconds: elapsed))
        }, isCancelled: isCancelled)
    }
}
