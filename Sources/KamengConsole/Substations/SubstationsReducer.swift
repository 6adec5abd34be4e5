import KamengDomain
import TerminalUI

/// The substation pane's transitions: movement, detail, suspend / resume with a confirm, and answers;
/// opening substations is in `SubstationsOpenReducer`.
enum SubstationsReducer {
    static func command(_ command: Command, _ state: inout SubstationsState, visibleRows: Int) -> [ConsoleEffect] {
        switch command {
        case .activate:
            if state.selectedRow != nil { state.showingDetail = true }
            return []
        case .closeOverlay:
            state.showingDetail = false
            return []
        case .suspendSubstation, .resumeSubstation:
            guard let row = state.selectedRow else { return [] }
            let target: SubstationStatus = command == .suspendSubstation ? .suspended : .active
            guard row.substation.status.canMove(to: target) else { return [] }
            state.dialog = .setStatus(code: row.substation.code, name: row.substation.name, to: target, ConfirmDialogState())
            return []
        case .openSubstation:
            // The selected substation (in the list or its detail) is the template; with none, a blank form.
            state.dialog = .form(SubstationForm(model: state.selectedRow?.substation))
            return []
        case .openSubstationBatch:
            state.dialog = .sheetPath(SheetPrompt())
            return []
        case .moveUp, .moveDown, .pageUp, .pageDown, .top, .bottom:
            guard !state.showingDetail else { return [] }
            move(command, &state, visibleRows: visibleRows)
            return []
        default:
            return []
        }
    }

    static func typed(_ key: Key, _ state: inout SubstationsState) -> [ConsoleEffect] {
        guard let dialog = state.dialog else { return [] }
        guard case .setStatus(let code, let name, let target, var focus) = dialog else {
            return SubstationsOpenReducer.typed(key, dialog, &state)
        }
        guard let outcome = focus.handle(key) else {
            state.dialog = .setStatus(code: code, name: name, to: target, focus)
            return []
        }
        state.dialog = nil
        return outcome == .confirmed ? [.substations(.setStatus(code: code, to: target))] : []
    }

    static func answer(_ answer: SubstationsAnswer, _ state: inout SubstationsState, visibleRows: Int) -> [ConsoleEffect] {
        if let effects = SubstationsOpenReducer.answer(answer, &state) { return effects }
        switch answer {
        case .loaded(let rows):
            // The selection stays on the same substation when the ranking changes under it.
            let keep = state.selectedRow?.substation.code
            state.rows = rows
            state.loading = false
            state.error = nil
            if let keep, let index = rows.firstIndex(where: { $0.substation.code == keep }) { state.selected = index }
            state.selected = min(state.selected, max(0, rows.count - 1))
            state.scrollOffset = Table.scrollOffset(selected: state.selected, previous: state.scrollOffset,
                                                    visibleRows: visibleRows, rowCount: rows.count)
            return []
        case .failed(let message):
            state.loading = false
            state.error = message
            return []
        case .trafficLoaded(let traffic):
            state.traffic = traffic
            return []
        case let .statusChanged(code, status):
            state.notice = .changed(code: code, to: status)
            // The store has committed it: show it now, so the next key sees the new status before the reload.
            if let index = state.rows?.firstIndex(where: { $0.substation.code == code }) {
                try? state.rows?[index].substation.move(to: status)
            }
            state.loading = true
            return [.substations(.load)]
        case let .statusFailed(code, message):
            state.notice = .failed(code: code, message: message)
            return []
        case .opened, .openFailed, .completed, .sheetRead, .sheetFailed, .batchOpened, .batchFailed:
            return []  // answered by SubstationsOpenReducer above
        }
    }

    private static func move(_ command: Command, _ state: inout SubstationsState, visibleRows: Int) {
        ListMovement.apply(command, selected: &state.selected, scrollOffset: &state.scrollOffset,
                           count: state.rows?.count ?? 0, visibleRows: visibleRows)
    }
}
