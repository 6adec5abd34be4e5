/// Something a staff member may be allowed to do. The store checks every changing method against
/// `Role.may(_:)`; the console and CLI only ask, to decide what to offer. Docs/Security.md shows the
/// matrix, generated from this file (a test fails when the page is stale).
public enum Permission: String, CaseIterable, Hashable, Sendable {
    case manageStaff = "manage staff"
    case manageProducts = "manage products"
    case importKeys = "import card keys"
    case voidBatch = "void a batch"
    case deliverOrders = "deliver orders"
    case refundOrders = "refund orders"
    case revealKeys = "reveal card keys"
    case exportKeys = "export card keys"
    case reviewRisk = "review held orders"
    case manageSubstations = "open substations"
    case suspendSubstations = "suspend or resume substations"
    case viewSubstationSecret = "view a substation's API secret"
    case ingest = "ingest platform events"
    case seedDemo = "build demo data"
    case enrolOwnTOTP = "enrol their own authenticator"
    case viewAudit = "view and verify the audit log"
    case rotateKeys = "rotate the key-encryption key"
    case changeSecuritySettings = "change security settings"
    case manageFunds = "top up, set credit limits and the funds switch"
    case settleCommission = "settle commission"
    case viewFinance = "read balances, statements, reports and reconciliation"

    /// Whether the action also needs a fresh TOTP code (step-up). Refunds need one only above the
    /// configured amount, so they are not listed here; the store decides per refund.
    public var needsStepUp: Bool {
        switch self {
        case .manageStaff, .voidBatch, .revealKeys, .exportKeys, .changeSecuritySettings, .viewSubstationSecret, .manageFunds: true
        default: false
        }
    }
}

extension Role {
    /// The permission matrix: one place, so a test can check every cell (and one per cell through the store).
    public func may(_ permission: Permission) -> Bool {
        switch self {
        case .admin:
            return true
        case .operator:
            // Runs the shop, but does not decide who works here nor hold the keys to the vault. Nor a
            // substation's API secret: it opens the keys the API seals to that shop.
            // Nor the money: it reads the reports but books no top-up and settles nothing.
            return ![.manageStaff, .rotateKeys, .changeSecuritySettings, .viewSubstationSecret, .manageFunds,
                     .settleCommission].contains(permission)
        case .support:
            // Answers customers: deliver, refund, show a buyer their key. Never bulk-exports keys.
            return [.deliverOrders, .refundOrders, .revealKeys, .reviewRisk, .enrolOwnTOTP].contains(permission)
        case .oncall:
            // Keeps substations running at night and reads the log to see what happened.
            return [.suspendSubstations, .reviewRisk, .enrolOwnTOTP, .viewAudit].contains(permission)
        case .finance:
            // Books the money and reads it; touches no key, no order and no substation's settings.
            return [.manageFunds, .settleCommission, .viewFinance, .enrolOwnTOTP, .viewAudit].contains(permission)
        }
    }
}
