import Foundation
import KamengDomain

/// Where a pane's effects run, and the way their answers come back: the pane's `perform` puts each
/// job on one of the app's lanes and posts what it learnt as the pane's `Answer`.
struct EffectRunner<Answer: Equatable & Sendable> {
    /// The console's language, for a refusal's words (`StoreError.text`).
    let language: UILanguage
    let lanes: ConsoleLanes
    /// Posts an answer to the loop's inbox; any thread may call it.
    let post: @Sendable (Answer) -> Void

    /// What a key waits for: pages of a list, a filter, a detail, a completion.
    func query(_ job: @escaping SerialLane.Job) { lanes.run(job, on: lanes.queries) }
    /// A pane's whole reload, beside the queries so a keystroke never waits behind one.
    func refresh(_ job: @escaping SerialLane.Job) { lanes.run(job, on: lanes.refresh) }
    /// Changes and imports, one after another.
    func work(_ job: @escaping SerialLane.Job) { lanes.run(job, on: lanes.work) }
    /// Slow figures that no key waits for and no reload queues behind (the keys expiring soon).
    func background(_ job: @escaping SerialLane.Job) { lanes.run(job, on: lanes.background) }

    /// Posts `answer` after `seconds` (a revealed key hiding again).
    func post(_ answer: Answer, after seconds: Double) {
        let post = self.post
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { post(answer) }
    }
}

/// The app's four serial lanes. `observer` hears of every job put on a lane, on the loop's thread
/// (the frame trace follows a key's queries with it).
final class ConsoleLanes {
    let queries = SerialLane(label: "kameng.console.queries", qos: .userInitiated)
    /// On the 1M-order demo a stock reload took most of a second: a keystroke must not queue behind it.
    let refresh = SerialLane(label: "kameng.console.refresh", qos: .utility)
    /// Imports run here, not on `queries`, so the lists stay live while a big file goes in.
    let work = SerialLane(label: "kameng.console.work", qos: .userInitiated)
    /// A count over many keys (the ones expiring within 7 days) takes tens of ms on the 5M demo: on the
    /// refresh lane a pane switch's reload would queue behind it.
    let background = SerialLane(label: "kameng.console.background", qos: .utility)
    var observer: ((SerialLane) -> Void)?

    func run(_ job: @escaping SerialLane.Job, on lane: SerialLane) {
        observer?(lane)
        lane.run(job)
    }

    deinit {
        for lane in [queries, refresh, work, background] { lane.finish() }
    }
}
