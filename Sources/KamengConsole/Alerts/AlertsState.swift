import KamengStore

/// The low-stock pane for now: products whose available keys are under their threshold, from
/// `stockLevels()`. Ranking by days of cover, expiry and acknowledgement come with the full pane.
public struct AlertsState: Equatable, Sendable {
    /// Every product's stock as last loaded; nil before the first answer.
    public var levels: [StockLevel]?
    public var loading = false
    public var error: String?
    public var selected = 0
    public var scrollOffset = 0

    public init() {}

    /// Products below threshold, emptiest first (fewest available relative to the threshold), then by SKU.
    public var lowStock: [StockLevel] {
        (levels ?? []).filter(\.isBelowThreshold).sorted { a, b in
            let ra = Double(a.available) / Double(max(1, a.product.lowStockThreshold))
            let rb = Double(b.available) / Double(max(1, b.product.lowStockThreshold))
            return ra != rb ? ra < rb : a.product.sku < b.product.sku
        }
    }
}
