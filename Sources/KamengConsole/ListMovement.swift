import TerminalUI

/// Selection movement in a list that is loaded whole (batches, alerts, substations, held orders): one
/// rule for every such pane. The orders list, which pages by key, has its own (`OrdersReducer.move`).
enum ListMovement {
    /// Moves `selected` for `command` within `count` rows (a page keeps one row of overlap), then scrolls
    /// as little as needed to keep it visible. Returns false when `command` is not a movement.
    @discardableResult
    static func apply(_ command: Command, selected: inout Int, scrollOffset: inout Int, count: Int, visibleRows: Int) -> Bool {
        let page = max(1, visibleRows - 1)
        let target: Int
        switch command {
        case .moveDown: target = selected + 1
        case .moveUp: target = selected - 1
        case .pageDown: target = selected + page
        case .pageUp: target = selected - page
        case .top: target = 0
        case .bottom: target = count - 1
        default: return false
        }
        guard count > 0 else { return true }
        selected = min(max(0, target), count - 1)
        scrollOffset = Table.scrollOffset(selected: selected, previous: scrollOffset, visibleRows: visibleRows, rowCount: count)
        return true
    }
}
