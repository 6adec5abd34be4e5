import KamengDomain
import KamengStorage

/// One page query over the order list, newest first.
public struct OrdersRequest: Hashable, Sendable {
    /// `.reload` replaces the rows from the newest; `.nextPage` appends rows older than `after`.
    public enum Kind: Hashable, Sendable { case reload, nextPage }

    public var kind: Kind
    /// The list generation this request belongs to: a reload starts a new one, so a page asked for
    /// before it is recognised as stale when it arrives.
    public var generation: Int
    public var after: OrderPageKey?
    public var limit: Int
    /// The filter typed with `/` (empty: every order).
    public var query: OrderQuery
    /// A reload anchored below the top (`after` set): how many leading rows stay as they are.
    public var keeping: Int
    /// A reload because another connection committed, not because the person asked: it runs beside
    /// the queries a key waits for (the refresh lane), so a keystroke never queues behind one.
    public var followsCommit = false

    public init(kind: Kind, generation: Int, after: OrderPageKey?, limit: Int, query: OrderQuery = OrderQuery(), keeping: Int = 0) {
        self.kind = kind
        self.generation = generation
        self.after = after
        self.limit = limit
        self.query = query
        self.keeping = keeping
    }
}
