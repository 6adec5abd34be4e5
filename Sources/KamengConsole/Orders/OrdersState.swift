import KamengDomain
import KamengStorage
import TerminalUI

/// The order list as loaded so far: newest first, grown a page at a time as the selection reaches its end.
public struct OrdersState: Equatable, Sendable {
    public var rows: [OrderSummary] = []
    /// Index into `rows`; 0 when empty.
    public var selected = 0
    /// First visible row, kept between frames so the view moves only as much as the selection needs.
    public var scrollOffset = 0
    public var pageSize = 50
    /// Bumped by every reload; answers to older requests are dropped (see `OrdersRequest.generation`).
    public var generation = 0
    public var loadingReload = false
    public var loadingMore = false
    /// Another connection committed while a reload ran: the list is read again when that answers
    /// (a commit never supersedes the query of a key the person pressed).
    public var stale = false
    /// The last page came back short: there is nothing older to load.
    public var reachedEnd = false
    /// At least one reload has answered, so an empty list means "no orders", not "not loaded yet".
    public var loaded = false
    public var error: String?
    /// The filter in force, and the text being typed for it after `/`.
    public var query = OrderQuery()
    public var filterText = TextFieldState()
    public var filtering = false
    /// The order opened with Enter: its timeline and keys (masked, or revealed for 30 s).
    public var detail: OrderDetail?
    public var detailLoading = false
    /// The reveal being asked for: a reason, then the authenticator code.
    public var revealStep: RevealStep?
    /// Deliver now or refund, being confirmed.
    public var dialog: OrderDialog?
    public var notice: String?
    /// Another pane asked for this order (a report's anomaly): its detail opens when the filtered list has it.
    public var openWhenLoaded: String?

    /// A reload fetches as many rows as are loaded (so the user keeps their place), but at most this
    /// many: beyond it the list is cut back to this depth rather than re-reading thousands of rows a second.
    public static let maximumReload = 1000

    public init(pageSize: Int = 50) {
        self.pageSize = max(1, pageSize)
    }

    /// Keys go to the filter or the reveal prompts while true.
    public var capturesKeys: Bool { filtering || revealStep != nil || dialog != nil }

    /// The order id under the selection.
    public var selectedOrderID: Int64? {
        rows.indices.contains(selected) ? rows[selected].order.id : nil
    }
}
