import KamengConsole
import KamengStorage
import Testing

/// What a commit by another connection reloads, poll by poll: every pane at once (the order list, stock
/// and sales, the import batches, the risk queue, the substations), one reload per pane in flight; a
/// commit seen while one runs is followed by exactly one more when it answers; nothing when nothing changed.
@Suite("reloads after another connection's commits")
struct LiveReloadTests {
    /// Everything the start asked for has answered, and the baseline notice came.
    static func settled() -> ConsoleState {
        var state = Fixture.state(rows: Fixture.orders(0..<10))
        _ = reduce(&state, .stockLoaded([]))
        _ = reduce(&state, .imports(.batchesLoaded([])))
        _ = reduce(&state, .dataVersionPolled(1))
        return state
    }

    @Test func aCommitReloadsEveryPaneAtOnce() {
        var state = Self.settled()
        let effects = reduce(&state, .dataVersionPolled(2))
        #expect(effects.ordersRequest?.kind == .reload)
        for load in [ConsoleEffect.loadStock, .imports(.loadBatches), .risk(.load), .substations(.load)] {
            #expect(effects.contains(load), "\(load) in \(effects)")
        }
    }

    @Test func aCommitDuringAReloadIsFollowedByOneMoreWhenItAnswers() {
        var state = Self.settled()
        _ = reduce(&state, .dataVersionPolled(2))
        // Two more commits while stock, batches, risk and substations still load: nothing queued yet.
        for version in [3, 4] {
            let during = reduce(&state, .dataVersionPolled(version))
            #expect(!during.contains(.loadStock) && !during.contains(.imports(.loadBatches)), "\(during)")
            #expect(!during.contains(.risk(.load)) && !during.contains(.substations(.load)), "\(during)")
        }
        // Each answer starts exactly one more reload of its pane.
        #expect(reduce(&state, .stockLoaded([])) == [.loadStock])
        #expect(reduce(&state, .imports(.batchesLoaded([]))) == [.imports(.loadBatches)])
        #expect(reduce(&state, .risk(.loaded([], at: Fixture.newest))).contains(.risk(.load)))
        #expect(reduce(&state, .substations(.loaded([]))) == [.substations(.load)])
        // Those answer with no commit since: the panes are current and stay quiet.
        #expect(reduce(&state, .stockLoaded([])).isEmpty)
        #expect(reduce(&state, .imports(.batchesLoaded([]))).isEmpty)
        #expect(!reduce(&state, .risk(.loaded([], at: Fixture.newest))).contains(.risk(.load)))
        #expect(reduce(&state, .substations(.loaded([]))).isEmpty)
    }

    @Test func pollsWithoutACommitReloadOnlyTheSubstationsHealth() {
        var state = Self.settled()
        _ = reduce(&state, .risk(.loaded([], at: Fixture.newest)))
        _ = reduce(&state, .substations(.loaded([])))
        var healthLoads: [Int] = []
        for poll in 1...(2 * SubstationsState.healthPolls) {
            let effects = reduce(&state, .dataVersionPolled(1))
            #expect(!effects.contains(.loadStock) && !effects.contains(.imports(.loadBatches)) && effects.ordersRequest == nil)
            if effects.contains(.substations(.load)) {
                healthLoads.append(poll)
                _ = reduce(&state, .substations(.loaded([])))
            }
        }
        // Health changes with time alone (a heartbeat that stops), so it is read again now and then.
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
