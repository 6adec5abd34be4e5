import KamengDomain
import TerminalUI

/// The console's one transition function: `reduce(&state, action) -> effects`. Pure and synchronous,
/// so every behaviour (paging, reload, pane switching) is tested without a terminal or a database.
public func reduce(_ state: inout ConsoleState, _ action: ConsoleAction) -> [ConsoleEffect] {
    let visibleRows = ConsoleLayout(width: state.width, height: state.height).tableRows
    switch action {
    case .started:
        state.alerts.loading = true
        state.substations.loading = true
        state.risk.loading = true
        state.imports.batchesLoading = true
        return OrdersReducer.reload(&state.orders) + [.loadStock, .imports(.loadBatches), .substations(.load), .risk(.load)]
    case .resized(let width, let height):
        state.width = width
        state.height = height
        let rows = ConsoleLayout(width: width, height: height).tableRows
        state.orders.scrollOffset = Table.scrollOffset(selected: state.orders.selected, previous: state.orders.scrollOffset,
                                                       visibleRows: rows, rowCount: state.orders.rows.count)
        return []
    case .command(let command):
        return reduceCommand(&state, command, visibleRows: visibleRows)
    case .ordersLoaded(let request, let rows):
        return OrdersReducer.loaded(request, rows, into: &state.orders, visibleRows: visibleRows)
    case .ordersFailed(let request, let message):
        OrdersReducer.failed(request, message, in: &state.orders)
        return []
    case .stockLoaded(let levels):
        state.alerts.levels = levels
        state.alerts.loading = false
        state.alerts.error = nil
        state.alerts.selected = min(state.alerts.selected, max(0, state.alerts.rows.count - 1))
        return []
    case .stockFailed(let message):
        state.alerts.loading = false
        state.alerts.error = message
        return []
    case .dataVersionPolled(let version):
        let previous = state.dataVersion
        state.dataVersion = version
        state.pollsSinceHealthLoad += 1
        state.alerts.pollsSinceLoad += 1
        // The first answer only sets the baseline: the initial load is already under way.
        let changed = previous != nil && previous != version
        var effects: [ConsoleEffect] = changed ? OrdersReducer.reload(&state.orders) : []
        if changed { state.alerts.stale = true }
        if state.alerts.stale, state.alerts.pollsSinceLoad >= AlertsState.refreshPolls, !state.alerts.loading {
            state.alerts.stale = false
            state.alerts.pollsSinceLoad = 0
            state.alerts.loading = true
            effects.append(.loadStock)
        }
        // The batch list is cheap (counted off an index): it follows every commit, like the order list.
        if changed, !state.imports.batchesLoading {
            state.imports.batchesLoading = true
            effects.append(.imports(.loadBatches))
        }
        if (changed || state.pollsSinceHealthLoad >= 15), !state.substations.loading {
            state.pollsSinceHealthLoad = 0
            state.substations.loading = true
            effects.append(.substations(.load))
        }
        if changed, !state.risk.loading { state.risk.loading = true; effects.append(.risk(.load)) }
        return effects
    case .tick:
        if state.isLoading { state.spinnerFrame &+= 1 }
        return []
    case .clock(let now):
        state.today = now
        return []
    case .typed(let key):
        guard state.capturesKeys else { return [] }
        if state.palette != nil { return CommandPalette.typed(key, &state) }
        if var dialog = state.quitDialog {
            guard let outcome = dialog.handle(key) else { state.quitDialog = dialog; return [] }
            state.quitDialog = nil
            guard outcome == .confirmed else { return [] }
            state.quitRequested = true
            return [.imports(.cancel), .quit]
        }
        if state.pane == .substations { return SubstationsReducer.typed(key, &state.substations) }
        if state.pane == .orders { return OrdersDetailReducer.typed(key, &state.orders) }
        if state.pane == .risk { return RiskReducer.typed(key, &state.risk) }
        if state.pane == .alerts { return AlertsReducer.typed(key, &state.alerts) }
        return ImportReducer.typed(key, &state.imports, products: importProducts(state))
    case .imports(let answer):
        return ImportReducer.answer(answer, &state.imports, visibleRows: importRows(state))
    case .orders(let answer):
        return OrdersDetailReducer.answer(answer, &state.orders)
    case .risk(let answer):
        return RiskReducer.answer(answer, &state.risk, visibleRows: riskRows(state))
    case .alerts(let answer):
        return AlertsReducer.answer(answer, &state.alerts)
    case .substations(let answer):
        return SubstationsReducer.answer(answer, &state.substations, visibleRows: visibleRows)
    }
}

/// The products the import pane offers, in the alerts pane's order (every product has a stock level).
func importProducts(_ state: ConsoleState) -> [KamengDomain.Product] { (state.alerts.levels ?? []).map(\.product) }

private func riskRows(_ state: ConsoleState) -> Int {
    RiskLayout(body: ConsoleLayout(width: state.width, height: state.height).body).tableRows
}

private func importRows(_ state: ConsoleState) -> Int {
    ImportLayout(body: ConsoleLayout(width: state.width, height: state.height).body).tableRows
}

private func reduceCommand(_ state: inout ConsoleState, _ command: Command, visibleRows: Int) -> [ConsoleEffect] {
    guard state.allows(command) else { return [] }
    state.paletteMessage = nil
    if state.pane == .substations, !state.showingHelp,
       [.closeOverlay, .activate, .suspendSubstation, .resumeSubstation, .openSubstation, .openSubstationBatch].contains(command) {
        return SubstationsReducer.command(command, &state.substations, visibleRows: visibleRows)
    }
    if state.pane == .risk, !state.showingHelp, [.toggleMark, .approve, .reject, .escalate, .addNote, .closeOverlay].contains(command) {
        return RiskReducer.command(command, &state.risk, visibleRows: riskRows(state))
    }
    if state.pane == .orders, !state.showingHelp, [.filter, .activate, .closeOverlay, .reveal, .deliverNow, .refund].contains(command) {
        return OrdersDetailReducer.command(command, &state.orders)
    }
    switch command {
    case .quit:
        if case .importing = state.imports.phase {
            state.quitDialog = ConfirmDialogState()
            return []
        }
        state.quitRequested = true
        return [.quit]
    case .redraw:
        return [.redrawAll]
    case .commandPalette:
        state.palette = TextFieldState()
        state.paletteMessage = nil
        return []
    case .toggleHelp:
        state.showingHelp.toggle()
        state.helpScroll = 0
        return []
    case .closeOverlay:
        if !state.showingHelp, state.pane == .imports { return ImportReducer.command(.cancelWork, &state.imports, products: [], visibleRows: 0) }
        state.showingHelp = false
        return []
    case .acknowledge, .snooze, .editThreshold, .toggleAcknowledged:
        guard state.pane == .alerts, !state.showingHelp else { return [] }
        return AlertsReducer.command(command, &state.alerts, visibleRows: visibleRows)
    case .suspendSubstation, .resumeSubstation, .openSubstation, .openSubstationBatch, .filter, .reveal, .deliverNow, .refund, .toggleMark, .approve, .reject, .escalate, .addNote:
        return []  // only in their panes, handled above
    case .completePath, .clearField, .switchButton, .nextField, .previousField, .toggleOption:
        return []  // typed into the field or dialog, never dispatched as commands
    case .editPath, .nextProduct, .previousProduct, .activate, .cancelWork, .voidBatch:
        guard state.pane == .imports, !state.showingHelp else { return [] }
        return ImportReducer.command(command, &state.imports, products: importProducts(state), visibleRows: importRows(state))
    case .nextPane, .previousPane:
        state.pane = state.pane.cycled(by: command == .nextPane ? 1 : -1)
        return []
    case .showImports: state.pane = .imports; return []
    case .showAlerts: state.pane = .alerts; return []
    case .showOrders: state.pane = .orders; return []
    case .showSubstations: state.pane = .substations; return []
    case .showRisk: state.pane = .risk; return []
    case .moveUp, .moveDown, .pageUp, .pageDown, .top, .bottom:
        if state.showingHelp {
            if command == .moveDown { state.helpScroll += 1 }
            if command == .moveUp { state.helpScroll = max(0, state.helpScroll - 1) }
            return []
        }
        switch state.pane {
        case .imports: return ImportReducer.command(command, &state.imports, products: importProducts(state), visibleRows: importRows(state))
        case .orders:
            guard state.orders.detail == nil else { return [] }
            return OrdersReducer.move(command, in: &state.orders, visibleRows: visibleRows)
        case .substations: return SubstationsReducer.command(command, &state.substations, visibleRows: visibleRows)
        case .risk: return RiskReducer.command(command, &state.risk, visibleRows: riskRows(state))
        case .alerts: return AlertsReducer.command(command, &state.alerts, visibleRows: visibleRows)
        }
    }
}
