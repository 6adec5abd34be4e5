import Foundation
import KamengDomain
import KamengStorage
import TerminalUI

/// The risk queue's transitions.
enum RiskReducer {
    static func command(_ command: Command, _ state: inout RiskState, visibleRows: Int) -> [ConsoleEffect] {
        state.notice = nil  // the last decision's report gives way to what the person does next
        switch command {
        case .toggleMark:
            guard let id = state.selectedOrder?.order.id else { return [] }
            if state.marked.contains(id) { state.marked.remove(id) } else { state.marked.insert(id) }
            return []
        case .approve:
            let targets = state.targets
            guard !targets.isEmpty else { return [] }
            state.dialog = .confirm(.approve, orderIds: targets.compactMap(\.order.id), orderNos: targets.map(\.order.orderNo), ConfirmDialogState())
            return []
        case .reject:
            let targets = state.targets
            guard !targets.isEmpty else { return [] }
            state.dialog = .reject(RejectBox(targets.map(\.order)))
            return []
        case .escalate, .addNote:
            guard let id = state.selectedOrder?.order.id else { return [] }
            state.dialog = .text(command == .escalate ? .escalate : .note, orderIds: [id], TextFieldState())
            return []
        case .closeOverlay:
            state.marked = []
            return []
        case .moveUp, .moveDown, .pageUp, .pageDown, .top, .bottom:
            return move(command, &state, visibleRows: visibleRows)
        default:
            return []
        }
    }

    static func typed(_ key: Key, _ state: inout RiskState) -> [ConsoleEffect] {
        guard let dialog = state.dialog else { return [] }
        switch dialog {
        case let .confirm(decision, ids, nos, focus):
            var focus = focus
            guard let outcome = focus.handle(key) else { state.dialog = .confirm(decision, orderIds: ids, orderNos: nos, focus); return [] }
            state.dialog = nil
            return outcome == .confirmed ? [.risk(.decide(decision, orderIds: ids, note: "", code: nil))] : []
        case .reject(var box):
            if box.handleOption(key) { state.dialog = .reject(box); return [] }
            guard let outcome = box.focus.handle(key) else { state.dialog = .reject(box); return [] }
            state.dialog = nil
            return outcome == .confirmed ? [.risk(.decide(.reject, orderIds: box.orderIds, note: "", code: nil, blacklist: box.blacklist))] : []
        case let .text(decision, ids, field):
            switch key {
            case .escape: state.dialog = nil; return []
            case .enter:
                let note = field.value.trimmingCharacters(in: .whitespaces)
                guard decision == .escalate || !note.isEmpty else { return [] }
                state.dialog = nil
                return [.risk(.decide(decision, orderIds: ids, note: note, code: nil))]
            default:
                if let next = field.applying(key) { state.dialog = .text(decision, orderIds: ids, next) }
                return []
            }
        case let .code(ids, blacklist, field):
            switch key {
            case .escape: state.dialog = nil; return []
            case .enter:
                guard field.value.count == 6 else { return [] }
                state.dialog = nil
                return [.risk(.decide(.reject, orderIds: ids, note: "", code: field.value, blacklist: blacklist))]
            case .char(let c) where !(c.isASCII && c.isNumber) || field.value.count >= 6: return []
            default:
                if let next = field.applying(key) { state.dialog = .code(orderIds: ids, blacklist: blacklist, next) }
                return []
            }
        }
    }

    static func answer(_ answer: RiskAnswer, _ state: inout RiskState, visibleRows: Int) -> [ConsoleEffect] {
        switch answer {
        case let .counted(total):
            state.total = total
            return []
        case let .unchanged(at):
            state.loadedAt = at
            state.loading = false
            return []
        case let .loaded(rows, at):
            state.loadedAt = at
            let keep = state.selectedOrder?.order.id
            state.rows = rows
            state.loading = false
            state.error = nil
            state.marked = state.marked.filter { id in rows.contains { $0.order.id == id } }
            if let keep, let index = rows.firstIndex(where: { $0.order.id == keep }) { state.selected = index }
            state.selected = min(state.selected, max(0, rows.count - 1))
            state.scrollOffset = Table.scrollOffset(selected: state.selected, previous: state.scrollOffset,
                                                    visibleRows: visibleRows, rowCount: rows.count)
            return relatedEffect(state)
        case .failed(let message):
            state.loading = false
            state.error = message
            return []
        case .relatedLoaded(let related):
            guard related.orderId == state.selectedOrder?.order.id else { return [] }
            state.related = related
            return []
        case let .decided(decision, ids, count, blacklisted):
            state.notice = .done(decision, count: count, blacklisted: blacklisted)
            if decision == .approve || decision == .reject {
                // Off the queue at once: the next key acts on what is really still held, not on a row
                // the reload has yet to remove.
                state.marked = []
                let decided = Set(ids)
                state.rows?.removeAll { $0.order.id.map(decided.contains) ?? false }
                state.selected = min(state.selected, max(0, (state.rows?.count ?? 1) - 1))
                state.related = nil
            }
            state.loading = true
            return [.risk(.load)]
        case let .needsCode(ids, blacklist):
            state.dialog = .code(orderIds: ids, blacklist: blacklist, TextFieldState())
            return []
        case .decisionFailed(let message):
            state.notice = .failed(message)
            state.loading = true
            return [.risk(.load)]
        }
    }

    private static func relatedEffect(_ state: RiskState) -> [ConsoleEffect] {
        guard let order = state.selectedOrder, state.related?.orderId != order.order.id else { return [] }
        return [.risk(.loadRelated(order))]
    }

    private static func move(_ command: Command, _ state: inout RiskState, visibleRows: Int) -> [ConsoleEffect] {
        ListMovement.apply(command, selected: &state.selected, scrollOffset: &state.scrollOffset,
                           count: state.rows?.count ?? 0, visibleRows: visibleRows)
        return relatedEffect(state)
    }
}
