import Foundation
@testable import KamengConsole
import KamengDomain
import KamengStorage
import Testing

/// The risk queue's reload reads the held orders only when the tally says they changed: a commit that
/// held or decided nothing (most of them, with live traffic) costs the tally, not the list.
@Suite("risk queue reload")
struct RiskReloadTests {
    final class Recorder: @unchecked Sendable {
        private let lock = NSLock()
        private var answers: [RiskAnswer] = []
        private var lists = 0
        var tally = HeldQueueTally(count: 3, checksum: 42)
        func post(_ answer: RiskAnswer) { lock.withLock { answers.append(answer) } }
        func listRead() { lock.withLock { lists += 1 } }
        var snapshot: (answers: [RiskAnswer], lists: Int) { lock.withLock { (answers, lists) } }
        func setTally(_ value: HeldQueueTally) { lock.withLock { tally = value } }
        var currentTally: HeldQueueTally { lock.withLock { tally } }
    }

    /// Runs one `.load` and waits (on the answers, not the clock) until it has answered `count` times in all.
    func load(_ client: RiskClient, _ runner: EffectRunner<RiskAnswer>, _ recorder: Recorder, answers count: Int) async throws {
        RiskFeature.perform(.load, client, runner)
        let deadline = Date().addingTimeInterval(30)
        while recorder.snapshot.answers.count < count {
            try #require(Date() < deadline, "the reload did not answer: \(recorder.snapshot.answers)")
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    @Test func aReloadThatFindsTheSameHeldOrdersReadsNoneOfThem() async throws {
        let recorder = Recorder()
        let rows = RiskPaneTests.rows
        var client = RiskFeature.unimplemented { Issue.record("unexpected call \($0)") }
        client.tally = { () throws(StoreError) in recorder.currentTally }
        client.held = { () throws(StoreError) in recorder.listRead(); return rows }
        let lanes = ConsoleLanes()
        let runner = EffectRunner<RiskAnswer>(language: .en, lanes: lanes, post: recorder.post)

        try await load(client, runner, recorder, answers: 2)
        #expect(recorder.snapshot.lists == 1)
        guard case .counted(3) = recorder.snapshot.answers[0], case .loaded(let listed, _) = recorder.snapshot.answers[1] else {
            Issue.record("\(recorder.snapshot.answers)"); return
        }
        #expect(listed == rows)

        try await load(client, runner, recorder, answers: 3)
        #expect(recorder.snapshot.lists == 1, "same tally: the list is not read again")
        guard case .unchanged = recorder.snapshot.answers[2] else { Issue.record("\(recorder.snapshot.answers)"); return }

        recorder.setTally(HeldQueueTally(count: 3, checksum: 43))
        try await load(client, runner, recorder, answers: 5)
        #expect(recorder.snapshot.lists == 2, "another tally: the list is read")
    }

    @Test func unchangedMovesOnlyTheWaitingClockAndEndsTheReload() {
        var state = RiskPaneTests.state()
        let rows = state.risk.rows
        state.risk.loading = true
        let later = Fixture.newest.addingTimeInterval(7_200)
        _ = reduce(&state, .risk(.unchanged(at: later)))
        #expect(state.risk.rows == rows && state.risk.loadedAt == later && !state.risk.loading)
    }
}
