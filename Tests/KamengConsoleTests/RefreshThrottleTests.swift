import KamengConsole
import KamengStorage
import Testing

/// What a commit by another connection reloads, poll by poll: the order list, the risk queue, the
/// substations and the import batches at once; stock and sales (a third of a second of work on the
/// 1M-order demo) at most once in `AlertsState.refreshPolls` polls, and not at all when nothing changed.
@Suite("reloads after another connection's commits")
struct RefreshThrottleTests {
    static func loadsStock(_ effects: [ConsoleEffect]) -> Bool { effects.contains(.loadStock) }

    @Test func aCommitReloadsTheListAtOnceAndTheStockWithinTenPolls() {
        var state = Fixture.state(rows: Fixture.orders(0..<10))
        _ = reduce(&state, .stockLoaded([]))  // the start's stock and batch loads have answered
        _ = reduce(&state, .imports(.batchesLoaded([])))
        _ = reduce(&state, .dataVersionPolled(1))  // the baseline
        let first = reduce(&state, .dataVersionPolled(2))
        guard let request = first.ordersRequest else { Issue.record("no reload of the list: \(first)"); return }
        #expect(request.kind == .reload)
        #expect(first.contains(.risk(.load)) && first.contains(.substations(.load)) && first.contains(.imports(.loadBatches)))
        #expect(!Self.loadsStock(first), "stock waits: \(first)")
        // While that batch load is in flight, another commit does not queue a second; once it answers, one does.
        #expect(!reduce(&state, .dataVersionPolled(3)).contains(.imports(.loadBatches)))
        _ = reduce(&state, .imports(.batchesLoaded([])))
        #expect(reduce(&state, .dataVersionPolled(4)).contains(.imports(.loadBatches)))
        // No more commits: the stock the commits made stale is reloaded once, at the tenth poll since it
        // was last asked for (the start).
        var polls = 4
        var effects: [ConsoleEffect] = []
        while !Self.loadsStock(effects), polls < 3 * AlertsState.refreshPolls {
            effects = reduce(&state, .dataVersionPolled(4))
            polls += 1
        }
        #expect(polls == AlertsState.refreshPolls)
        _ = reduce(&state, .stockLoaded([]))
        _ = reduce(&state, .imports(.batchesLoaded([])))
        for _ in 0..<(2 * AlertsState.refreshPolls) {
            let quiet = reduce(&state, .dataVersionPolled(4))
            #expect(!Self.loadsStock(quiet) && !quiet.contains(.imports(.loadBatches)), "nothing changed since")
        }
    }

    @Test func commitsEveryPollReloadTheStockEveryTenPolls() {
        var state = Fixture.state(rows: Fixture.orders(0..<10))
        _ = reduce(&state, .stockLoaded([]))
        var stockLoads: [Int] = []
        for poll in 1...(3 * AlertsState.refreshPolls) {
            let effects = reduce(&state, .dataVersionPolled(poll))
            if Self.loadsStock(effects) {
                stockLoads.append(poll)
                _ = reduce(&state, .stockLoaded([]))
            }
        }
        #expect(stockLoads == [10, 20, 30].map { $0 * AlertsState.refreshPolls / 10 })
    }

    @Test func anActionInTheAlertsPaneReloadsAtOnce() {
        var state = Fixture.state(rows: Fixture.orders(0..<10))
        _ = reduce(&state, .stockLoaded([]))
        _ = reduce(&state, .dataVersionPolled(1))
        _ = reduce(&state, .dataVersionPolled(2))
        #expect(reduce(&state, .alerts(.done("acknowledged"))) == [.loadStock])
    }
}
