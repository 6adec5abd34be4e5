import Foundation
import KamengStore

/// The queries the console's effects run. A protocol so the loop can be tested with canned data and a
/// slow source; `StoreDataSource` is the real one.
public protocol ConsoleDataSource: Sendable {
    /// Orders newest first, strictly older than `after` (by created-at, then id), at most `limit`.
    func orders(after: OrderPageKey?, limit: Int) throws -> [OrderSummary]
    func stockLevels() throws -> [StockLevel]
    /// A number that changes whenever another connection commits (`PRAGMA data_version`).
    func dataVersion() throws -> Int
}

/// The console's queries over a `KamengStore`.
public struct StoreDataSource: ConsoleDataSource {
    public let store: KamengStore

    public init(store: KamengStore) { self.store = store }

    public func orders(after: OrderPageKey?, limit: Int) throws -> [OrderSummary] {
        guard let after else { return try store.recentOrders(after: nil, limit: limit) }
        return try store.recentOrders(after: OrderCursor(createdAt: after.createdAt, id: after.id), limit: limit)
    }

    public func stockLevels() throws -> [StockLevel] { try store.stockLevels() }

    public func dataVersion() throws -> Int { try store.dataVersion() }
}
