import KamengConsole
import KamengStorage
import Testing

/// What a commit by another connection reloads, poll by poll: the pane in front at once, one reload in
/// flight; a commit seen while one runs is followed by exactly one more when it answers; the panes
/// behind it catch up when shown; nothing when nothing changed.
@Suite("reloads after another connection's commits")
struct LiveReloadTests {
    /// Everything the start asked for has answered, and the baseline notice came; Orders is in front.
    static func settled() -> ConsoleState {
        var state = Fixture.state(rows: Fixture.orders(0..<10))
        _ = reduce(&state, .stockLoaded([]))
        _ = reduce(&state, .imports(.batchesLoaded([])))
        _ = reduce(&state, .dataVersionPolled(1))
        return state
    }

    static let paneLoads: [ConsoleEffect] = [.loadStock, .imports(.loadBatches), .risk(.load), .substations(.load)]

    @Test func aCommitReloadsThePaneInFrontAndTheOthersWhenShown() {
        var state = Self.settled()
        let effects = reduce(&state, .dataVersionPolled(2))
        #expect(effects.ordersRequest?.kind == .reload)
        #expect(!effects.contains { Self.paneLoads.contains($0) }, "only the pane in front: \(effects)")
        #expect(reduce(&state, .command(.showAlerts)) == [.loadStock])
        #expect(reduce(&state, .command(.showImports)) == [.imports(.loadBatches)])
        #expect(reduce(&state, .command(.showSubstations)) == [.substations(.load)])
        #expect(reduce(&state, .command(.nextPane)) == [.risk(.load)])
        // Shown again with nothing committed since: nothing to reload.
        _ = reduce(&state, .stockLoaded([]))
        #expect(reduce(&state, .command(.showAlerts)).isEmpty)
    }

    @Test func aCommitDuringAReloadIsFollowedByOneMoreWhenItAnswers() {
        var state = Self.settled()
        _ = reduce(&state, .command(.showAlerts))
        #expect(reduce(&state, .dataVersionPolled(2)) == [.loadStock])
        // Two more commits while stock still loads: nothing queued yet.
        #expect(reduce(&state, .dataVersionPolled(3)).isEmpty)
        #expect(reduce(&state, .dataVersionPolled(4)).isEmpty)
        // The answer starts exactly one more; its answer, with no commit since, none.
        #expect(reduce(&state, .stockLoaded([])) == [.loadStock])
        #expect(reduce(&state, .stockLoaded([])).isEmpty)
    }

    @Test func pollsWithoutACommitReloadOnlyTheSubstationsHealthWhileItIsShown() {
        var state = Self.settled()
        var healthLoads: [Int] = []
        func poll(_ count: Int) {
            for poll in 1...count {
                let effects = reduce(&state, .dataVersionPolled(1))
                #expect(!effects.contains(.loadStock) && !effects.contains(.imports(.loadBatches)) && effects.ordersRequest == nil)
                if effects.contains(.substations(.load)) {
                    healthLoads.append(poll)
                    _ = reduce(&state, .substations(.loaded([])))
                }
            }
        }
        poll(2 * SubstationsState.healthPolls)
        #expect(healthLoads.isEmpty, "not while another pane is in front")
        // Shown, it catches up at once, then reads its health again now and then (a heartbeat that stops is news).
        #expect(reduce(&state, .command(.showSubstations)) == [.substations(.load)])
        _ = reduce(&state, .substations(.loaded([])))
        poll(2 * SubstationsState.healthPolls)
        #expect(healthLoads.count == 2)
    }

    @Test func aCommitNeverSupersedesTheListQueryOfAKeyAndRunsBesideTheKeysQueries() {
        var state = Self.settled()
        _ = reduce(&state, .command(.filter))
        let typed = reduce(&state, .typed(.char("u")))
        guard let asked = typed.ordersRequest else { Issue.record("no query for the key: \(typed)"); return }
        #expect(!asked.followsCommit, "a key's query runs on the query lane")
        // A commit while the key's query runs: no new request, so the key's answer is not made stale.
        #expect(reduce(&state, .dataVersionPolled(2)).ordersRequest == nil)
        #expect(state.orders.generation == asked.generation)
        // The key's answer is shown, then the list is read again for the commit, on the refresh lane.
        let after = reduce(&state, .ordersLoaded(asked, Fixture.orders(0..<3)))
        #expect(state.orders.rows.count == 3)
        guard let followUp = after.ordersRequest else { Issue.record("no reload for the commit: \(after)"); return }
        #expect(followUp.followsCommit && followUp.kind == .reload && followUp.query == asked.query)
        // With nothing in flight, a commit reloads at once, also beside the keys' queries.
        _ = reduce(&state, .ordersLoaded(followUp, Fixture.orders(0..<3)))
        #expect(reduce(&state, .dataVersionPolled(3)).ordersRequest?.followsCommit == true)
    }

    @Test func anActionInTheAlertsPaneReloadsAtOnce() {
        var state = Self.settled()
        #expect(reduce(&state, .alerts(.done("acknowledged"))) == [.loadStock])
    }
}
