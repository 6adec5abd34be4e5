import KamengStorage
import TerminalUI

/// The order list's transitions. Pure: queries are returned as effects, never run here.
enum OrdersReducer {
    /// A reload of the list from the newest order, as deep as what is loaded. Paged deeper than a reload
    /// from the top reaches (`OrdersState.maximumReload`), it is anchored instead: the rows above the
    /// first one on screen stay as they are and the list is read again from there, so the operator keeps
    /// their place however deep they are (new orders show when they come back to the top).
    static func reload(_ state: inout OrdersState, followingCommit: Bool = false) -> [ConsoleEffect] {
        state.generation += 1
        state.loadingReload = true
        state.loadingMore = false  // a page asked for before this reload is now stale
        let keep = state.scrollOffset
        var request: OrdersRequest
        if keep > 0, keep < state.rows.count, state.rows.count + state.pageSize > OrdersState.maximumReload,
           let anchor = OrderPageKey(state.rows[keep - 1]) {
            let limit = min(max(state.pageSize, state.rows.count - keep), OrdersState.maximumReload)
            request = OrdersRequest(kind: .reload, generation: state.generation, after: anchor, limit: limit, query: state.query, keeping: keep)
        } else {
            let limit = min(max(state.pageSize, state.rows.count), OrdersState.maximumReload)
            request = OrdersRequest(kind: .reload, generation: state.generation, after: nil, limit: limit, query: state.query)
        }
        request.followsCommit = followingCommit
        return [.loadOrders(request)]
    }

    /// Moves the selection to `index` (clamped), scrolls as little as needed, and asks for the next page
    /// when the selection lands on the last loaded row.
    static func select(_ index: Int, in state: inout OrdersState, visibleRows: Int) -> [ConsoleEffect] {
        guard !state.rows.isEmpty else { state.selected = 0; state.scrollOffset = 0; return [] }
        state.selected = min(max(0, index), state.rows.count - 1)
        state.scrollOffset = Table.scrollOffset(selected: state.selected, previous: state.scrollOffset,
                                                visibleRows: visibleRows, rowCount: state.rows.count)
        return nextPageIfAtEnd(&state)
    }

    static func nextPageIfAtEnd(_ state: inout OrdersState) -> [ConsoleEffect] {
        guard state.selected == state.rows.count - 1, !state.reachedEnd, !state.loadingMore,
              !state.loadingReload, let last = state.rows.last.flatMap(OrderPageKey.init)
        else { return [] }
        state.loadingMore = true
        return [.loadOrders(OrdersRequest(kind: .nextPage, generation: state.generation, after: last,
                                          limit: state.pageSize, query: state.query))]
    }

    static func move(_ command: Command, in state: inout OrdersState, visibleRows: Int) -> [ConsoleEffect] {
        let page = max(1, visibleRows - 1)  // one row of overlap keeps the reader's place
        switch command {
        case .moveDown: return select(state.selected + 1, in: &state, visibleRows: visibleRows)
        case .moveUp: return select(state.selected - 1, in: &state, visibleRows: visibleRows)
        case .pageDown: return select(state.selected + page, in: &state, visibleRows: visibleRows)
        case .pageUp: return select(state.selected - page, in: &state, visibleRows: visibleRows)
        case .top: return select(0, in: &state, visibleRows: visibleRows)
        case .bottom: return select(state.rows.count - 1, in: &state, visibleRows: visibleRows)
        default: return []
        }
    }

    /// An answer to a page query. Stale answers (an older generation) are dropped.
    static func loaded(_ request: OrdersRequest, _ rows: [OrderSummary], into state: inout OrdersState,
                       visibleRows: Int) -> [ConsoleEffect] {
        guard request.generation == state.generation else { return [] }
        switch request.kind {
        case .reload:
            let keptID = state.selectedOrderID
            let oldIndex = state.selected
            state.rows = request.after == nil ? rows : Array(state.rows.prefix(request.keeping)) + rows
            state.loadingReload = false
            state.loaded = true
            state.error = nil
            state.reachedEnd = rows.count < request.limit
            // Keep the selection on the same order as new orders push it down. Scrolled into the list, the
            // operator is reading: the row also keeps its screen line. At the top they are watching orders
            // arrive: the view stays at the top and the selection moves down with its order.
            let all = state.rows
            let newIndex = keptID.flatMap { id in all.firstIndex { $0.order.id == id } } ?? min(oldIndex, max(0, all.count - 1))
            if state.scrollOffset > 0 { state.scrollOffset += newIndex - oldIndex }
            state.selected = max(0, newIndex)
            state.scrollOffset = Table.scrollOffset(selected: state.selected, previous: state.scrollOffset,
                                                    visibleRows: visibleRows, rowCount: all.count)
            return []
        case .nextPage:
            state.loadingMore = false
            state.error = nil
            let known = Set(state.rows.compactMap(\.order.id))
            state.rows += rows.filter { $0.order.id.map { !known.contains($0) } ?? false }
            state.reachedEnd = rows.count < request.limit
            return []
        }
    }

    static func failed(_ request: OrdersRequest, _ message: String, in state: inout OrdersState) {
        guard request.generation == state.generation else { return }
        state.loadingReload = false
        state.loadingMore = false
        state.error = message
    }
}
