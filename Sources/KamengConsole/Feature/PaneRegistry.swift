import KamengDomain
import TerminalUI

/// The console's panes, in tab order; the raw value is the tab number minus one.
///
/// This file is the registry: adding a pane is a case here and its line in `feature`, beside the
/// pane's own folder. Everything else (tabs, `1`–`9`, routing, help, hints, the command palette, the
/// keymap conflict checks, the data clients) is derived from it.
public enum Pane: Int, CaseIterable, Sendable {
    case imports, alerts, orders, substations, risk, reports

    /// The feature behind the pane.
    var feature: any PaneFeature.Type {
        switch self {
        case .imports: ImportFeature.self
        case .alerts: AlertsFeature.self
        case .orders: OrdersFeature.self
        case .substations: SubstationsFeature.self
        case .risk: RiskFeature.self
        case .reports: ReportsFeature.self
        }
    }
}

extension Pane {
    /// The tab title in `language`.
    public func title(_ language: UILanguage) -> String { feature.title(language) }

    /// The command that brings this pane to the front (`1`–`9`, and by name in the palette).
    public var showCommand: Command { feature.showCommand }

    /// The pane after this one, wrapping (Tab), or before it (Shift-Tab).
    func cycled(by step: Int) -> Pane {
        let count = Pane.allCases.count
        return Pane(rawValue: ((rawValue + step) % count + count) % count)!
    }

    /// The permission `command` needs, from the pane that owns it; nil when it changes nothing.
    static func permission(for command: Command) -> Permission? {
        for pane in allCases { if let permission = pane.feature.permission(for: command) { return permission } }
        return nil
    }
}
