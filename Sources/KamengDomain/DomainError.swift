/// A rule of the domain was broken; each case carries what a person needs to understand which one.
public enum DomainError: Error, Hashable, Sendable, CustomStringConvertible {
    case illegalTransition(order: String, from: OrderStatus, to: OrderStatus)
    case illegalSubstationTransition(code: String, from: SubstationStatus, to: SubstationStatus)
    case invalid(field: String, problem: String)

    public var description: String {
        switch self {
        case let .illegalTransition(order, from, to):
            "order \(order): cannot go from \(from.rawValue) to \(to.rawValue)"
        case let .illegalSubstationTransition(code, from, to):
            "substation \(code): cannot go from \(from.rawValue) to \(to.rawValue)"
        case let .invalid(field, problem):
            "\(field): \(problem)"
        }
    }
}
