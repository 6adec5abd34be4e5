/// Something a staff member may be allowed to do. The store checks every changing method against
/// `Role.may(_:)`; the console and CLI only ask, to decide what to offer.
public enum Permission: String, CaseIterable, Hashable, Sendable {
    case manageStaff = "manage staff"
    case manageProducts = "manage products"
    case importKeys = "import card keys"
    case voidBatch = "void a batch"
    case deliverOrders = "deliver orders"
    case refundOrders = "refund orders"
    case revealKeys = "reveal card keys"
    case reviewRisk = "review held orders"
    case manageSubstations = "open substations"
    case suspendSubstations = "suspend or resume substations"
    case viewSubstationSecret = "view a substation's API secret"
    case ingest = "ingest platform events"
    case seedDemo = "build demo data"
}

extension Role {
    /// The permission matrix: one place, so a test can check every cell.
    public func may(_ permission: Permission) -> Bool {
        switch self {
        case .admin:
            return true
        case .operator:
            return ![.manageStaff].contains(permission)
        case .support:
            return [.deliverOrders, .refundOrders, .revealKeys, .reviewRisk].contains(permission)
        case .oncall:
            return [.suspendSubstations, .reviewRisk].contains(permission)
        }
    }
}
