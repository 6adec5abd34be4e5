import KamengConsole
import KamengStorage
import TerminalUI
import Testing

@Suite("reduce: panes, selection, paging, reload")
struct ReducerTests {
    @Test func startLoadsTheFirstPageAndStock() {
        var state = ConsoleState(language: .en)
        let effects = reduce(&state, .started)
        // Every pane's first load, in tab order.
        #expect(effects == [.imports(.loadBatches), .loadStock, .loadOrders(OrdersRequest(kind: .reload, generation: 1, after: nil, limit: 50)),
                            .substations(.load), .risk(.load)])
        #expect(state.isLoading)
    }

    @Test func numberKeysTabAndShiftTabSwitchPanes() {
        var state = Fixture.state(rows: Fixture.orders(0..<5))
        #expect(state.pane == .orders)
        for (key, pane) in [("1", Pane.imports), ("2", .alerts), ("4", .substations), ("5", .risk), ("6", .reports), ("3", .orders)] {
            _ = reduce(&state, .command(state.command(for: .char(Character(key)))!))
            #expect(state.pane == pane)
        }
        _ = reduce(&state, .command(state.command(for: .tab)!))
        #expect(state.pane == .substations)
        for _ in 0..<3 { _ = reduce(&state, .command(.nextPane)) }
        #expect(state.pane == .imports, "Tab wraps from the last pane to the first")
        _ = reduce(&state, .command(state.command(for: .backTab)!))
        #expect(state.pane == .reports, "Shift-Tab wraps backwards")
    }

    @Test func keysMapToCommandsThroughTheKeymaps() {
        let state = Fixture.state(rows: Fixture.orders(0..<5))
        #expect(state.command(for: .char("j")) == .moveDown)
        #expect(state.command(for: .down) == .moveDown)
        #expect(state.command(for: .char("k")) == .moveUp)
        #expect(state.command(for: .char("g")) == .top)
        #expect(state.command(for: .char("G")) == .bottom)
        #expect(state.command(for: .pageDown) == .pageDown)
        #expect(state.command(for: .char("q")) == .quit)
        #expect(state.command(for: .ctrl("l")) == .redraw)
        #expect(state.command(for: .char("?")) == .toggleHelp)
        #expect(state.command(for: .char("x")) == nil)
        for keymap in [state.keymaps.global, state.keymaps.list, state.keymaps.help] {
            #expect(keymap.conflicts().isEmpty)
        }
    }

    @Test func selectionMovesAndClamps() {
        var state = Fixture.state(rows: Fixture.orders(0..<30), height: 40)
        _ = reduce(&state, .command(.moveDown))
        _ = reduce(&state, .command(.moveDown))
        #expect(state.orders.selected == 2)
        _ = reduce(&state, .command(.moveUp))
        #expect(state.orders.selected == 1)
        _ = reduce(&state, .command(.top))
        _ = reduce(&state, .command(.moveUp))
        #expect(state.orders.selected == 0)
        // 40 rows: tabs, status, hints, table header and rule leave 35 visible rows; a page keeps one.
        var tall = Fixture.state(rows: Fixture.orders(0..<200), height: 40)
        _ = reduce(&tall, .command(.pageDown))
        #expect(tall.orders.selected == 34)
        _ = reduce(&tall, .command(.pageUp))
        #expect(tall.orders.selected == 0)
    }

    @Test func reachingTheLastLoadedRowAsksForTheNextPageByKey() throws {
        var state = Fixture.state(rows: Fixture.orders(0..<50))
        #expect(!state.orders.reachedEnd)
        let effects = reduce(&state, .command(.bottom))
        #expect(state.orders.selected == 49)
        let last = Fixture.order(49)
        let expected = OrdersRequest(kind: .nextPage, generation: 1,
                                     after: OrderPageKey(createdAt: last.order.createdAt, id: last.order.id!), limit: 50)
        #expect(effects == [.loadOrders(expected)])
        #expect(state.orders.loadingMore)
        #expect(reduce(&state, .command(.moveDown)).isEmpty, "one page request at a time")
        _ = reduce(&state, .ordersLoaded(expected, Fixture.orders(50..<80)))
        #expect(state.orders.rows.count == 80)
        #expect(state.orders.reachedEnd, "a short page means nothing older")
        #expect(state.orders.selected == 49)
        #expect(reduce(&state, .command(.bottom)).isEmpty, "no request past the end")
    }

    @Test func movingDownOntoTheLastRowAlsoPages() {
        var state = Fixture.state(rows: Fixture.orders(0..<50))
        for _ in 0..<48 { #expect(reduce(&state, .command(.moveDown)).isEmpty) }
        let effects = reduce(&state, .command(.moveDown))
        guard let request = effects.ordersRequest else { Issue.record("no page request"); return }
        #expect(request.kind == .nextPage)
        #expect(request.after?.id == Fixture.order(49).order.id)
    }

    @Test func reloadKeepsTheSelectionOnTheSameOrder() {
        var state = Fixture.state(rows: Fixture.orders(0..<60))
        for _ in 0..<40 { _ = reduce(&state, .command(.moveDown)) }
        let chosen = state.orders.selectedOrderID
        let offsetBefore = state.orders.scrollOffset
        #expect(offsetBefore == 6, "scrolled into the list")
        _ = reduce(&state, .dataVersionPolled(1))
        #expect(reduce(&state, .dataVersionPolled(1)).isEmpty, "an unchanged version reloads nothing")
        let effects = reduce(&state, .dataVersionPolled(2))
        guard let request = effects.ordersRequest else { Issue.record("no reload"); return }
        #expect(request.kind == .reload)
        #expect(request.limit == 60, "a reload is as deep as what is loaded")
        // Three new orders arrived on top.
        let fresh = (1...3).map { Fixture.order(-$0, id: 20_000 + Int64($0)) }
        _ = reduce(&state, .ordersLoaded(request, fresh + Fixture.orders(0..<57)))
        #expect(state.orders.selectedOrderID == chosen)
        #expect(state.orders.selected == 43)
        #expect(state.orders.scrollOffset == offsetBefore + 3, "the selected row stays on the same screen line")
    }

    @Test("paged past the depth a reload from the top reaches, a reload keeps the operator's place, anchored by key")
    func aDeepReloadIsAnchoredAtTheFirstRowOnScreen() {
        var state = Fixture.state(rows: Fixture.orders(0..<1_500))
        _ = reduce(&state, .command(.bottom))
        for _ in 0..<300 { _ = reduce(&state, .command(.moveUp)) }
        let chosen = state.orders.selectedOrderID
        let (selected, offset) = (state.orders.selected, state.orders.scrollOffset)
        #expect(selected == 1_199 && offset > 1_000, "past row 1,000: \(selected), \(offset)")
        _ = reduce(&state, .dataVersionPolled(1))
        let effects = reduce(&state, .dataVersionPolled(2))
        guard let request = effects.ordersRequest else { Issue.record("no reload"); return }
        #expect(request.kind == .reload)
        #expect(request.after?.id == Fixture.order(offset - 1).order.id, "read again from just above the first row on screen")
        #expect(request.keeping == offset)
        #expect(request.limit == 1_500 - offset)
        // Meanwhile new orders arrived on top (not read now) and a row on screen changed; the answer is
        // what the engine has below the anchor.
        var below = Fixture.orders(offset..<1_500)
        below[5] = Fixture.order(offset + 5, id: 99_999)
        _ = reduce(&state, .ordersLoaded(request, below))
        #expect(state.orders.selectedOrderID == chosen, "the selection stays on its order")
        #expect(state.orders.selected == selected && state.orders.scrollOffset == offset, "and on its screen line")
        #expect(state.orders.rows.count == 1_500)
        #expect(state.orders.rows[offset + 5].order.id == 99_999, "the rows on screen are read again")
        // Back at the top, a reload reads from the newest again.
        _ = reduce(&state, .command(.top))
        guard let top = reduce(&state, .dataVersionPolled(3)).ordersRequest else { Issue.record("no reload"); return }
        #expect(top.after == nil && top.keeping == 0 && top.limit == OrdersState.maximumReload)
    }

    @Test func atTheTopNewOrdersAppearAboveTheSelection() {
        var state = Fixture.state(rows: Fixture.orders(0..<60))
        for _ in 0..<7 { _ = reduce(&state, .command(.moveDown)) }
        let chosen = state.orders.selectedOrderID
        _ = reduce(&state, .dataVersionPolled(1))
        guard let request = reduce(&state, .dataVersionPolled(2)).ordersRequest else { Issue.record("no reload"); return }
        let fresh = (1...3).map { Fixture.order(-$0, id: 20_000 + Int64($0)) }
        _ = reduce(&state, .ordersLoaded(request, fresh + Fixture.orders(0..<57)))
        #expect(state.orders.selectedOrderID == chosen)
        #expect(state.orders.selected == 10)
        #expect(state.orders.scrollOffset == 0, "the newest orders stay in view")
    }

    @Test func aPageRequestedBeforeAReloadIsDroppedWhenItArrives() {
        var state = Fixture.state(rows: Fixture.orders(0..<50))
        guard let page = reduce(&state, .command(.bottom)).ordersRequest else { Issue.record("no page"); return }
        _ = reduce(&state, .dataVersionPolled(1))
        guard let reload = reduce(&state, .dataVersionPolled(2)).ordersRequest else { Issue.record("no reload"); return }
        _ = reduce(&state, .ordersLoaded(page, Fixture.orders(50..<100)))
        #expect(state.orders.rows.count == 50, "stale page ignored")
        _ = reduce(&state, .ordersLoaded(reload, Fixture.orders(0..<50)))
        #expect(!state.isLoading || state.alerts.loading)
        #expect(!state.orders.loadingMore && !state.orders.loadingReload)
    }

    @Test func aFailedQueryIsShownAndCanBeRetried() {
        var state = Fixture.state(rows: Fixture.orders(0..<50))
        guard let page = reduce(&state, .command(.bottom)).ordersRequest else { Issue.record("no page"); return }
        _ = reduce(&state, .ordersFailed(page, message: "database is locked"))
        #expect(state.orders.error == "database is locked")
        #expect(!state.orders.loadingMore)
        _ = reduce(&state, .command(.moveUp))
        #expect(reduce(&state, .command(.moveDown)).count == 1, "moving onto the end again retries")
    }

    @Test func helpOverlayQuitAndRedraw() {
        var state = Fixture.state(rows: Fixture.orders(0..<5))
        _ = reduce(&state, .command(.toggleHelp))
        #expect(state.showingHelp)
        #expect(state.command(for: .char("j")) == .moveDown)
        _ = reduce(&state, .command(.moveDown))
        #expect(state.orders.selected == 0, "keys scroll the overlay, not the list")
        _ = reduce(&state, .command(state.command(for: .escape)!))
        #expect(!state.showingHelp)
        #expect(reduce(&state, .command(.redraw)) == [.redrawAll])
        #expect(reduce(&state, .command(.quit)) == [.quit])
        #expect(state.quitRequested)
    }

    @Test func spinnerTurnsOnlyWhileLoading() {
        var state = Fixture.state(rows: Fixture.orders(0..<50))
        _ = reduce(&state, .stockLoaded([]))
        _ = reduce(&state, .tick)
        #expect(state.spinnerFrame == 0)
        _ = reduce(&state, .command(.bottom))
        _ = reduce(&state, .tick)
        #expect(state.spinnerFrame == 1)
    }
}

@Suite("the : command palette")
struct CommandPaletteTests {
    @Test func runsACommandByIdOrByWordsInEitherLanguage() {
        var state = Fixture.state(rows: Fixture.orders(0..<5))
        _ = reduce(&state, .command(state.command(for: .char(":"))!))
        #expect(state.capturesKeys)
        for c in "showRisk" { _ = reduce(&state, .typed(.char(c))) }
        _ = reduce(&state, .typed(.enter))
        #expect(state.pane == .risk && state.palette == nil)
        _ = reduce(&state, .command(.commandPalette))
        for c in "分站" { _ = reduce(&state, .typed(.char(c))) }
        _ = reduce(&state, .typed(.enter))
        #expect(state.pane == .substations)
        _ = reduce(&state, .command(.commandPalette))
        for c in "impo" { _ = reduce(&state, .typed(.char(c))) }
        _ = reduce(&state, .typed(.tab))
        #expect(state.palette?.value == "showImports")
        _ = reduce(&state, .typed(.escape))
        #expect(state.palette == nil && state.pane == .substations)
    }

    @Test func anUnknownNameSaysSoAndARoleLimitsWhatRuns() {
        var state = Fixture.state(rows: Fixture.orders(0..<5))
        _ = reduce(&state, .command(.commandPalette))
        for c in "frobnicate" { _ = reduce(&state, .typed(.char(c))) }
        _ = reduce(&state, .typed(.enter))
        #expect(state.paletteMessage?.contains("frobnicate") == true)
        #expect(render(state, width: 100, height: 20).lines[1].contains("frobnicate"))
        state.role = .oncall
        _ = reduce(&state, .command(.commandPalette))
        for c in "voidBatch" { _ = reduce(&state, .typed(.char(c))) }
        _ = reduce(&state, .typed(.enter))
        #expect(state.paletteMessage != nil, "on-call may not void a batch: not found for them")
    }
}
