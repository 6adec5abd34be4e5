import Foundation
import KamengDomain
import TerminalUI

/// The alerts pane's transitions.
enum AlertsReducer {
    static func command(_ command: Command, _ state: inout AlertsState, visibleRows: Int) -> [ConsoleEffect] {
        state.notice = nil
        let rows = state.rows
        let selected = rows.indices.contains(state.selected) ? rows[state.selected] : nil
        switch command {
        case .acknowledge, .snooze:
            guard let sku = selected?.level.product.sku else { return [] }
            return [.alerts(.acknowledge(sku: sku, snoozeHours: command == .snooze ? 24 : nil))]
        case .editThreshold:
            guard let level = selected?.level else { return [] }
            state.editing = ThresholdEdit(sku: level.product.sku, field: TextFieldState(String(level.product.lowStockThreshold)))
            return []
        case .toggleAcknowledged:
            state.showAll.toggle()
            state.selected = 0
            state.scrollOffset = 0
            return []
        case .moveUp, .moveDown, .pageUp, .pageDown, .top, .bottom:
            move(command, &state, count: rows.count, visibleRows: visibleRows)
            return []
        default:
            return []
        }
    }

    static func typed(_ key: Key, _ state: inout AlertsState) -> [ConsoleEffect] {
        guard let edit = state.editing else { return [] }
        switch key {
        case .escape:
            state.editing = nil
            return []
        case .enter:
            guard let value = Int(edit.field.value), (0...10_000_000).contains(value) else { return [] }
            state.editing = nil
            return [.alerts(.setThreshold(sku: edit.sku, threshold: value))]
        case .char(let c) where !(c.isASCII && c.isNumber) || edit.field.value.count >= 8:
            return []
        default:
            if let next = edit.field.applying(key) { state.editing?.field = next }
            return []
        }
    }

    static func answer(_ answer: AlertsAnswer, _ state: inout AlertsState) -> [ConsoleEffect] {
        switch answer {
        case .levelsLoaded(let levels):
            state.levels = levels
            fillExpiring(&state)
            state.loading = false
            state.error = nil
            state.selected = min(state.selected, max(0, state.rows.count - 1))
            return recountExpiry(&state)
        case .expiryDue:
            return []  // AlertsFeature.answer decides, knowing which pane is in front
        case let .expiryCounted(expiring, at):
            state.countingExpiry = false
            guard let expiring else { return [] }
            state.expiring = expiring
            state.expiringCountedAt = at
            fillExpiring(&state)
            state.selected = min(state.selected, max(0, state.rows.count - 1))
            return []
        case .levelsFailed(let message):
            state.loading = false
            state.error = message
            return []
        case let .contextLoaded(sales, acks, at):
            state.sales = sales
            state.acks = acks
            state.loadedAt = at
            state.selected = min(state.selected, max(0, state.rows.count - 1))
            return []
        case .done(let message):
            state.notice = message
            state.loading = true
            return [.loadStock]
        case .failed(let message):
            state.notice = message
            return []
        }
    }

    /// The levels as loaded carry no expiring counts (they reload with every commit); the last ones counted stand in.
    static func fillExpiring(_ state: inout AlertsState) {
        guard let expiring = state.expiring, let levels = state.levels else { return }
        state.levels = levels.map { level in
            var level = level
            if level.expiringWithin7Days == nil { level.expiringWithin7Days = expiring[level.product.sku] ?? 0 }
            return level
        }
    }

    /// Asks for the expiring keys to be counted again, once the pane has stayed in front a moment
    /// (`expiryDue`), when they were never counted or are `expiryRecountSeconds` old as of the reload
    /// that just answered, unless a count is already running or waiting.
    static func recountExpiry(_ state: inout AlertsState) -> [ConsoleEffect] {
        guard !state.countingExpiry else { return [] }
        if let countedAt = state.expiringCountedAt, let loadedAt = state.loadedAt,
           loadedAt.timeIntervalSince(countedAt) < AlertsState.expiryRecountSeconds { return [] }
        state.countingExpiry = true
        return [.alerts(.expiryDueSoon)]
    }

    static func move(_ command: Command, _ state: inout AlertsState, count: Int, visibleRows: Int) {
        ListMovement.apply(command, selected: &state.selected, scrollOffset: &state.scrollOffset, count: count, visibleRows: visibleRows)
    }
}
