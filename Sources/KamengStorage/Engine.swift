import Foundation
import KamengDomain
import KamengImport

// The storage interface: what the console, the CLI and the HTTP API may ask of stored data, as domain
// actions. No SQL and no engine types cross it. Every operation is `async throws(StoreError)` on
// `Sendable` values, so an engine whose driver has no blocking API (PostgreSQL through postgres-nio)
// implements it as naturally as SQLite does. Each changing operation names the staff member it acts
// for; the engine checks the permission (`Role.may`) and appends the audit row in the same transaction.
//
// The requirements are split by capability so a reader finds one page per area; `KamengEngine` is all
// of them. There are no default implementations: an engine that lacks an operation does not compile.

/// Orders as lists and details show them.
public protocol OrderReading: Sendable {
    /// Newest first, strictly older than `after`, at most `limit`; narrowed by `query` when it is not empty.
    func orders(query: OrderQuery, after: OrderPageKey?, limit: Int) async throws(StoreError) -> [OrderSummary]
    /// Every order with this number (one per substation at most).
    func orders(orderNo: String) async throws(StoreError) -> [OrderSummary]
    func order(id: Int64) async throws(StoreError) -> Order
    /// The audit events about one order, oldest first: its timeline.
    func orderHistory(orderNo: String) async throws(StoreError) -> [AuditEvent]
    /// The keys bound to an order, masked (never a secret).
    func deliveredKeys(orderId: Int64) async throws(StoreError) -> [CardKey]
    /// Orders held for review, highest score first.
    func heldOrders(limit: Int) async throws(StoreError) -> [OrderSummary]
    /// How many orders are held for review (the queue may list only the first of them), and which.
    func heldQueueTally() async throws(StoreError) -> HeldQueueTally
}

/// What staff do to orders and their keys.
public protocol OrderActing: Sendable {
    /// 补单: delivers a paid order that is waiting for stock.
    func deliverManually(orderId: Int64, by actor: Staff) async throws(StoreError) -> DeliveryOutcome
    func refundNeedsStepUp(_ amount: Money) async throws(StoreError) -> Bool
    func refund(orderId: Int64, by actor: Staff, stepUp code: String?) async throws(StoreError)
    /// Applies a risk decision to each order; returns how many it applied to (orders already decided are
    /// skipped, so a retry with a step-up code finishes what the first try began). A reject also
    /// blacklists each rejected order's values of the kinds in `blacklisting`.
    func decide(_ decision: RiskDecision, orderIds: [Int64], note: String, blacklisting: Set<BlacklistKind>,
                by actor: Staff, stepUp code: String?) async throws(StoreError) -> Int
    /// Opens an order's keys: reason and step-up code required, audited, rate-limited.
    func revealKeys(orderId: Int64, reason: String, by actor: Staff, stepUp code: String?) async throws(StoreError) -> [RevealedKey]
    /// Opens the selected keys for an export file, in one audited act.
    func exportKeys(_ selection: KeyExportSelection, reason: String, by actor: Staff,
                    stepUp code: String?) async throws(StoreError) -> [ExportedKey]
    /// Adds a value to the blacklist; false when it was there already.
    func addToBlacklist(_ kind: BlacklistKind, value: String, reason: String, by actor: Staff) async throws(StoreError) -> Bool
    func blacklist() async throws(StoreError) -> [BlacklistEntry]
}

/// Products, stock, imports and the low-stock alerts.
public protocol InventoryOperations: Sendable {
    func products() async throws(StoreError) -> [Product]
    func product(sku: String) async throws(StoreError) -> Product
    func addProduct(_ product: Product, by actor: Staff) async throws(StoreError) -> Product
    /// Stock per product. The counts are kept as keys change and cost a few rows; the keys expiring
    /// within 7 days are counted, which costs a pass over them, so a caller that reloads often (the
    /// console on each commit) leaves them out and counts them on its own, slower cadence.
    func stockLevels(countingExpiry: Bool) async throws(StoreError) -> [StockLevel]
    /// Keys sold per day per SKU, `days` days ending today (today last).
    func dailySales(days: Int, now: Date) async throws(StoreError) -> [String: [Int]]
    func stockAlertAcks() async throws(StoreError) -> [String: StockAlertAck]
    /// Acknowledges a product's alert, or snoozes it until `snoozeUntil`.
    func acknowledgeStockAlert(sku: String, snoozeUntil: Date?, by actor: Staff) async throws(StoreError)
    func setLowStockThreshold(sku: String, to threshold: Int, by actor: Staff) async throws(StoreError)
    /// Recent import batches, newest first.
    func batches(limit: Int) async throws(StoreError) -> [BatchSummary]
    /// Voids a batch's unsold keys; returns how many.
    func voidBatch(id: Int64, by actor: Staff, stepUp code: String?) async throws(StoreError) -> Int
    /// One supplier file into one product, all or nothing (or, with `dryRun`, the same counts and nothing
    /// kept). `progress` and `isCancelled` are called from the engine's thread while it works.
    func importFile(_ request: FileImportRequest, by actor: Staff,
                    progress: @escaping @Sendable (ImportProgress) -> Void,
                    isCancelled: @escaping @Sendable () -> Bool) async throws(StoreError) -> ImportOutcome
}

/// Substations: the list, their heartbeats, opening, suspending.
public protocol SubstationOperations: Sendable {
    func substations() async throws(StoreError) -> [Substation]
    /// Every substation with its heartbeats since `since`, oldest first.
    func substationSignals(since: Date) async throws(StoreError) -> [SubstationSignals]
    /// Opens one substation; returns it and its API secret (shown once).
    func openSubstation(_ draft: SubstationDraft, by actor: Staff) async throws(StoreError) -> OpenedSubstation
    /// Reads a batch file (at most `SubstationSheet.maxBytes`) and checks it against the substations that exist.
    func readSubstationSheet(path: String) async throws(StoreError) -> SubstationSheet
    /// Opens a checked batch all-or-nothing, its secrets written to a 0600 file beside `path`.
    func openSubstations(_ drafts: [SubstationDraft], from path: String, by actor: Staff) async throws(StoreError) -> SubstationBatchResult
    func setSubstationStatus(code: String, to status: SubstationStatus, by actor: Staff) async throws(StoreError)
    /// A substation's API secret (admin, step-up), audited: it opens delivered keys.
    func substationSecret(code: String, by actor: Staff, stepUp code: String?) async throws(StoreError) -> String
    /// Issues a new API secret (admin, step-up), audited. The old one verifies signatures only, until
    /// `grace` has passed, and never seals. Returns the new secret (shown once).
    func rotateSubstationSecret(code: String, grace: TimeInterval, by actor: Staff, stepUp stepUpCode: String?) async throws(StoreError) -> String
    /// Sets or clears where the substation's notices go (https, or http on loopback; admin or operator), audited.
    func setSubstationNotifyURL(code: String, url: String?, by actor: Staff) async throws(StoreError)
}

/// What the HTTP API asks of the store, beyond the intake path itself. The API acts as the service
/// owner; its audit rows name `api:CODE`.
public protocol SubstationAPIOperations: Sendable {
    /// A substation's credentials by code; nil when there is none.
    func apiCredentials(code: String) async throws(StoreError) -> SubstationCredentials?
    /// The state of these orders of one substation (unknown numbers left out), with the keys of those
    /// delivered, for the answer to a POST whose group is durable (its audit row covers the keys).
    func apiOrderStates(substation code: String, orderNos: [String]) async throws(StoreError) -> [String: APIOrderState]
    /// One order fetched by its own shop: nil when unknown or another substation's. A fetch that returns
    /// keys writes its own audit row (`api.order-keys` by `api:CODE`); more than `limit` such fetches of
    /// one order within the hour before `now` throw `.tooManyFetches`.
    func apiFetchOrder(substation code: String, orderNo: String, limit: Int, now: Date) async throws(StoreError) -> APIOrderState?
    /// Notices due at `now` (oldest first), at most `perSubstation` per substation and `limit` in all,
    /// with what sending them needs.
    func dueNotices(now: Date, perSubstation: Int, limit: Int) async throws(StoreError) -> [NoticeToSend]
    /// The shop answered 2xx: the notice is done.
    func noticeDelivered(id: Int64, at now: Date) async throws(StoreError)
    /// A failed attempt: tried again at `nextAttemptAt`, or given up when that is nil.
    func noticeFailed(id: Int64, error: String, nextAttemptAt: Date?, at now: Date) async throws(StoreError)
    /// Notices not yet delivered (with `includeDelivered`, all), newest first; one substation's when given.
    func outbox(substation: String?, includeDelivered: Bool, limit: Int) async throws(StoreError) -> [OutboxNotice]
    /// Makes undelivered notices due now (one by id, or a substation's), audited; returns how many.
    func retryNotices(id: Int64?, substation: String?, by actor: Staff) async throws(StoreError) -> Int
    /// Adds the server's counts for the interval ending at `now` (the console reads them back).
    func recordAPITraffic(_ counts: [APITrafficCount], at now: Date) async throws(StoreError)
    /// Per substation code: API traffic since `since`, and the outbox backlog now.
    func apiTraffic(since: Date) async throws(StoreError) -> [String: APITrafficTally]
    /// Every substation's secret by code, for the demo's simulated shops; `.notADemo` unless `kameng demo`
    /// built the database. Audited.
    func demoSubstationSecrets(by actor: Staff) async throws(StoreError) -> [String: String]
}

/// The signed intake path: orders, payments and heartbeats from substations.
public protocol IntakeOperations: Sendable {
    /// Ingests signed JSON Lines in groups, each one durable transaction; `onGroup` hears of each group
    /// only once it is durable. Throws only when the input cannot be read or the engine fails.
    func ingest(_ input: IntakeInput, options: IntakeOptions, by actor: Staff,
                onGroup: (@Sendable (IntakeGroupReport) -> Void)?) async throws(StoreError) -> IntakeSummary
}

/// Staff, authenticators, the security settings and the audit log.
public protocol StaffOperations: Sendable {
    /// The active staff member of that (Kameng) name; `.unknownStaff` when there is none or it is disabled.
    func staff(userName: String) async throws(StoreError) -> Staff
    /// The service's owner: the staff member `kameng init` made, whom local runs act as.
    func owner() async throws(StoreError) -> Staff
    func allStaff() async throws(StoreError) -> [Staff]
    /// Adds a staff member with their SSH keys (possibly none), all in one audited transaction.
    func addStaff(userName: String, role: Role, sshKeys: [SSHPublicKey], by actor: Staff, stepUp code: String?) async throws(StoreError) -> Staff
    /// Binds a key to a staff member (admin, step-up); a key already bound to anyone is refused, naming them.
    func addSSHKey(_ key: SSHPublicKey, to userName: String, by actor: Staff, stepUp code: String?) async throws(StoreError) -> StaffSSHKey
    /// Unbinds the key with `fingerprint` (`SHA256:…`) from a staff member (admin, step-up).
    func removeSSHKey(fingerprint: String, from userName: String, by actor: Staff, stepUp code: String?) async throws(StoreError)
    /// A staff member's keys (admins see anyone's; others only their own).
    func sshKeys(of userName: String, by actor: Staff) async throws(StoreError) -> [StaffSSHKey]
    /// The keys of every active staff member: the managed block of authorized_keys (admin).
    func activeSSHKeys(by actor: Staff) async throws(StoreError) -> [StaffSSHKey]
    /// Signs a staff member out for good but keeps their keys (admin, step-up): `active` becomes false.
    func disableStaff(userName: String, by actor: Staff, stepUp code: String?) async throws(StoreError)
    /// Disables a staff member and deletes their keys (admin, step-up). The row stays so the audit
    /// log's names still resolve.
    func removeStaff(userName: String, by actor: Staff, stepUp code: String?) async throws(StoreError)
    func hasAuthenticator(_ actor: Staff) async throws(StoreError) -> Bool
    func enrolTOTP(for actor: Staff, stepUp code: String?) async throws(StoreError) -> TOTPEnrolment
    /// The published demo secret; refused unless `kameng demo` built the database.
    func enrolDemoTOTP(for actor: Staff) async throws(StoreError) -> TOTPEnrolment
    func resetTOTP(userName: String, by actor: Staff, stepUp code: String?) async throws(StoreError)
    func securitySettings() async throws(StoreError) -> SecuritySettings
    func setSecuritySettings(_ settings: SecuritySettings, by actor: Staff, stepUp code: String?) async throws(StoreError)
    func verifyAudit(by actor: Staff) async throws(StoreError) -> AuditVerification
    func auditTail(limit: Int, by actor: Staff) async throws(StoreError) -> [AuditEvent]
}

extension StaffOperations {
    /// Adds a staff member without SSH keys.
    public func addStaff(userName: String, role: Role, by actor: Staff, stepUp code: String?) async throws(StoreError) -> Staff {
        try await addStaff(userName: userName, role: role, sshKeys: [], by: actor, stepUp: code)
    }
}

/// Looking after the engine itself: health checks, the demo, change notices.
public protocol EngineMaintenance: Sendable {
    /// "ok" when the stored data is sound, else the engine's own words for what is not.
    func integrityCheck() async throws(StoreError) -> String
    /// Makes what is committed part of the main store (SQLite: a WAL checkpoint), before copying or measuring.
    func checkpoint() async throws(StoreError)
    /// Fills an empty store with a deterministic demo platform.
    func seedDemo(size: DemoSize, seed: UInt64, anchor: Date, by actor: Staff,
                  progress: @escaping @Sendable (String) -> Void) async throws(StoreError) -> DemoSummary
    func demoSummary(now: Date) async throws(StoreError) -> DemoSummary
    /// Rotates the key-encryption key: a new key file at `keyFilePath`, the data key rewrapped.
    func rotateKeyFile(at keyFilePath: String, by actor: Staff) async throws(StoreError) -> KeyRotationResult
    /// A notice each time another connection or process commits, checked every `interval`
    /// (SQLite: `PRAGMA data_version`; PostgreSQL would LISTEN). The first element is the baseline.
    func changes(every interval: Duration) -> ChangeNotices
    /// Opened with `--readonly`: every changing operation refuses with `StoreError.readOnly`.
    var isReadOnly: Bool { get }
}

/// An engine: every capability of the storage interface. The console, the CLI and the API hold one as
/// `any KamengEngine`; only the executable knows which engine it is.
public typealias KamengEngine = OrderReading & OrderActing & InventoryOperations & SubstationOperations & IntakeOperations
    & StaffOperations & EngineMaintenance & SubstationAPIOperations & LedgerOperations

/// A substation opened just now and its API secret, which is shown once.
public struct OpenedSubstation: Sendable, Equatable {
    public var substation: Substation
    public var apiSecret: String

    public init(substation: Substation, apiSecret: String) {
        self.substation = substation
        self.apiSecret = apiSecret
    }
}

/// A substation and its recent heartbeats, oldest first.
public struct SubstationSignals: Sendable, Equatable {
    public var substation: Substation
    public var signals: [SubstationSignal]

    public init(substation: Substation, signals: [SubstationSignal]) {
        self.substation = substation
        self.signals = signals
    }
}
