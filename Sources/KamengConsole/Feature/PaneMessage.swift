/// An answer or an effect of one pane, with the pane it belongs to: the app routes it by `pane` without
/// knowing the pane's types, and tests compare it like any value (`==` compares the wrapped values).
public struct PaneMessage: Equatable, @unchecked Sendable {
    public let pane: Pane
    /// Always the pane's `Answer` or `Effect` type, which are `Sendable` (hence `@unchecked` here).
    let value: any Equatable

    init<Value: Equatable & Sendable>(_ pane: Pane, _ value: Value) {
        self.pane = pane
        self.value = value
    }

    public static func == (lhs: PaneMessage, rhs: PaneMessage) -> Bool {
        lhs.pane == rhs.pane && lhs.value.isEqual(to: rhs.value)
    }

    /// The wrapped value as `type`, when it is one (a test's pattern match, the router's cast).
    public func value<Value>(as type: Value.Type) -> Value? { value as? Value }
}

extension PaneMessage: CustomStringConvertible {
    /// Made when asked for (a test's failure message), never per message: an answer can hold 500 orders.
    public var description: String { "\(pane).\(value)" }
}

extension Equatable {
    fileprivate func isEqual(to other: any Equatable) -> Bool { (other as? Self).map { $0 == self } ?? false }
}
