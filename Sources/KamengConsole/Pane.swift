import KamengDomain
/// The five panes, in tab order; the raw value is the tab number minus one.
public enum Pane: Int, CaseIterable, Sendable {
    case imports, alerts, orders, substations, risk

    /// The tab title in `language`.
    public func title(_ language: UILanguage) -> String {
        switch (self, language) {
        case (.imports, .zh): "库存导入"
        case (.imports, .en): "Import"
        case (.alerts, .zh): "低库存预警"
        case (.alerts, .en): "Alerts"
        case (.orders, .zh): "订单审核"
        case (.orders, .en): "Orders"
        case (.substations, .zh): "分站状态"
        case (.substations, .en): "Substations"
        case (.risk, .zh): "风控队列"
        case (.risk, .en): "Risk"
        }
    }

    /// The pane after this one, wrapping (Tab), or before it (Shift-Tab).
    func cycled(by step: Int) -> Pane {
        let count = Pane.allCases.count
        return Pane(rawValue: ((rawValue + step) % count + count) % count)!
    }
}
