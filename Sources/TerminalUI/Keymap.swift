/// Something a key can be bound to. Actions need a stable text id so users can rebind them by name in a
/// config file; a `String` is its own id, and an enum with `String` raw values gets one for free.
public protocol KeyAction: Hashable, Sendable {
    var id: String { get }
}

extension String: KeyAction {
    public var id: String { self }
}

extension KeyAction where Self: RawRepresentable, RawValue == String {
    public var id: String { rawValue }
}

/// One binding: the keys that trigger an action, with the help text shown for it. Bindings are data: the
/// hint bar, the `?` overlay and Docs/Keybindings.md are all generated from them (lazygit's approach).
public struct KeyBinding<Action: KeyAction>: Hashable, Sendable {
    public var keys: [Key]
    public var action: Action
    /// A short imperative phrase ("Approve", "审核通过"): the hint bar shows it after the key.
    public var help: String
    public var showInHintBar: Bool
    /// Heading under which the help overlay and the cheatsheet list this binding ("Navigation").
    public var group: String

    public init(_ keys: [Key], _ action: Action, help: String, showInHintBar: Bool = false, group: String = "") {
        self.keys = keys
        self.action = action
        self.help = help
        self.showInHintBar = showInHintBar
        self.group = group
    }
}

/// The bindings of one scope (a pane, a dialog, or the global keys): within a scope a key means one action.
public struct Keymap<Action: KeyAction>: Sendable {
    /// Stable id ("orders"), used in conflict reports.
    public var scope: String
    /// Heading in the cheatsheet ("Orders / 订单").
    public var title: String
    public var bindings: [KeyBinding<Action>]

    public init(scope: String, title: String? = nil, bindings: [KeyBinding<Action>]) {
        self.scope = scope
        self.title = title ?? scope
        self.bindings = bindings
    }

    /// The action bound to `key`; the first binding wins if there is a conflict (which `conflicts()` reports).
    public func action(for key: Key) -> Action? {
        bindings.first { $0.keys.contains(key) }?.action
    }

    /// The bindings to show in the hint bar, in order.
    public var hintBarBindings: [KeyBinding<Action>] { bindings.filter(\.showInHintBar) }

    /// Keys bound to more than one distinct action in this scope, one readable line each:
    /// `orders: key "j" is bound to both "moveDown" and "jump"`.
    public func conflicts() -> [String] {
        var firstAction: [Key: Action] = [:]
        var reported: Set<String> = []
        var reports: [String] = []
        for binding in bindings {
            for key in binding.keys {
                guard let earlier = firstAction[key] else {
                    firstAction[key] = binding.action
                    continue
                }
                guard earlier != binding.action else { continue }
                let line = "\(scope): key \"\(KeySpec.string(for: key))\" is bound to both \"\(earlier.id)\" and \"\(binding.action.id)\""
                if reported.insert(line).inserted { reports.append(line) }
            }
        }
        return reports
    }

    /// This keymap with the keys of some actions replaced by a user's choice, e.g. from a config file
    /// `{"moveDown": ["j", "down"], "refresh": ["ctrl-r"]}`. Ids this scope does not have are ignored
    /// (they may belong to another scope; see `unknownActionIDs`). Throws on the first unparseable key.
    public func applying(overrides: [String: [String]]) throws(KeymapOverrideError) -> Keymap {
        var result = self
        for index in result.bindings.indices {
            let id = result.bindings[index].action.id
            guard let specs = overrides[id] else { continue }
            var keys: [Key] = []
            for spec in specs {
                do {
                    keys.append(try KeySpec.parse(spec))
                } catch {
                    throw KeymapOverrideError(actionID: id, spec: spec, scope: scope)
                }
            }
            result.bindings[index].keys = keys
        }
        return result
    }

    /// Override ids that no binding in any of `keymaps` has: almost certainly typos worth reporting.
    public static func unknownActionIDs(in overrides: [String: [String]], keymaps: [Keymap]) -> [String] {
        let known = Set(keymaps.flatMap { $0.bindings.map(\.action.id) })
        return overrides.keys.filter { !known.contains($0) }.sorted()
    }
}

/// A key spec in a user override that could not be parsed.
public struct KeymapOverrideError: Error, Equatable, CustomStringConvertible, Sendable {
    public var actionID: String
    public var spec: String
    public var scope: String

    public init(actionID: String, spec: String, scope: String) {
        self.actionID = actionID
        self.spec = spec
        self.scope = scope
    }

    public var description: String {
        "keymap override for \"\(actionID)\" (\(scope)): " + KeySpec.ParseError(spec: spec).description
    }
}
