import Foundation
import KamengStorage
import TerminalUI

/// The loop: read a key (with a timeout, so an idle console sleeps), turn it into an action, reduce,
/// hand the effects to their panes' features, fold their answers back in as actions, and draw only when
/// the screen actually changed.
///
/// Runs on the thread that calls `run()` (ncurses wants one thread), which it blocks: call it from a
/// thread of its own, not from Swift's cooperative pool. A pane's effects run on three serial lanes
/// (`ConsoleLanes`), each in the order asked: `queries` for what a key waits for, `refresh` for the
/// panes' reloads, `work` for changes and imports. The engine's change notices are followed beside them.
/// Answers wait in an inbox until the next turn of the loop, which a post starts at once when the
/// backend can be woken. With a frame trace, the backend and the inbox are wrapped (`FrameTracer`);
/// the loop itself knows nothing of it.
public final class ConsoleApp {
    public private(set) var state: ConsoleState
    let backend: any TerminalBackend
    let clients: ConsoleClients
    let changes: @Sendable (Duration) -> ChangeNotices
    let inbox: ActionInbox
    let lanes = ConsoleLanes()
    /// How often the engine is asked for changes (`engine.changes(every:)`), in seconds.
    public var pollInterval: Double = 1.0
    /// readKey's timeout with nothing loading: long, so an idle console costs ~no CPU.
    public var idleTimeoutMilliseconds = 500
    /// readKey's timeout while a query runs: short, so its answer shows promptly and the spinner turns.
    public var busyTimeoutMilliseconds = 80
    private var dirty = true
    private var lastScreen: Screen?
    private var lastSize: (columns: Int, rows: Int) = (-1, -1)
    /// Frames actually handed to the backend (for tests: an idle console must not redraw).
    public private(set) var framesDrawn = 0

    /// - Parameters:
    ///   - clients: each pane's data client (`.live(session)` in the executable; a test's own).
    ///   - changes: the engine's change notices (`engine.changes(every:)`).
    ///   - trace: key-to-frame timing (`KAMENG_FRAME_TRACE`); nil, the default, costs nothing.
    public init(state: ConsoleState, backend: any TerminalBackend, clients: ConsoleClients,
                changes: @escaping @Sendable (Duration) -> ChangeNotices, trace: FrameTrace? = nil) {
        self.state = state
        self.clients = clients
        self.changes = changes
        guard let trace else {
            self.backend = backend
            inbox = ActionInbox()
            return
        }
        let tracer = FrameTracer(trace: trace, lanes: lanes)
        self.backend = TracedBackend(backend, tracer: tracer)
        inbox = TracedInbox(tracer: tracer)
        tracer.probe = { [unowned self] in (ordersShown: self.state.orders.loaded, settled: !self.state.isLoading) }
    }

    /// Every pane's client over `session`, following `session`'s engine for changes.
    public convenience init(state: ConsoleState, backend: any TerminalBackend, session: ConsoleSession, trace: FrameTrace? = nil) {
        let engine = session.engine
        self.init(state: state, backend: backend, clients: .live(session), changes: { engine.changes(every: $0) }, trace: trace)
    }

    /// Runs until `q` or an interrupt, then stops the backend. Returns the final state.
    @discardableResult
    public func run() -> ConsoleState {
        inbox.wake = backend.makeWaker()
        let watcher = ChangeWatcher(changes(.seconds(pollInterval)), inbox: inbox)
        // The baseline, older than the data the first loads read: the first loads on both query lanes
        // wait for it (the first notice, not anything queued meanwhile).
        let baseline = watcher.baseline
        lanes.refresh.run { await baseline.wait() }
        lanes.queries.run { await baseline.wait() }
        followSize()
        var clockReadAt = Date()
        dispatch(.clock(clockReadAt))
        dispatch(.started)
        defer {
            watcher.stop()
            backend.stop()
        }
        while !state.quitRequested {
            for action in inbox.drain() { dispatch(action) }
            followSize()
            drawIfChanged()
            if backend.takeInterrupt() { break }
            let timeout = state.isLoading ? busyTimeoutMilliseconds : idleTimeoutMilliseconds
            let waited = DispatchTime.now()
            let key = backend.readKey(timeoutMilliseconds: timeout)
            if terminalLooksGone(key: key, waited: waited, timeout: timeout) { break }
            if let key {
                if key == .resize {
                    followSize()
                } else if state.capturesKeys, key != .ctrl("l") {
                    dispatch(.typed(key))
                } else if let command = state.command(for: key) {
                    dispatch(.command(command))
                }
            } else if state.isLoading {
                dispatch(.tick)
            }
            // About once a minute, so a list left open over New Year shows last year's times with their year.
            if Date().timeIntervalSince(clockReadAt) >= 60 {
                clockReadAt = Date()
                dispatch(.clock(clockReadAt))
            }
        }
        return state
    }

    /// Consecutive reads that returned no key long before their timeout.
    private var instantEmptyReads = 0

    /// A closed terminal (SSH dropped, pty gone) makes every read fail at once: without this check the
    /// loop would spin at full CPU forever. Hundreds of instant empty reads in a row mean no one is there.
    private func terminalLooksGone(key: Key?, waited: DispatchTime, timeout: Int) -> Bool {
        let elapsedMilliseconds = Int((DispatchTime.now().uptimeNanoseconds - waited.uptimeNanoseconds) / 1_000_000)
        // A read woken early because an answer arrived is not a sign of a dead terminal.
        if key == nil, timeout >= 20, elapsedMilliseconds < timeout / 4, !inbox.hasPending {
            instantEmptyReads += 1
        } else {
            instantEmptyReads = 0
        }
        return instantEmptyReads >= 200
    }

    private func dispatch(_ action: ConsoleAction) {
        let effects = reduce(&state, action)
        dirty = true
        for effect in effects { perform(effect) }
    }

    /// A pane's effect goes to its feature with its client; answers come back through the inbox.
    private func perform(_ effect: ConsoleEffect) {
        switch effect {
        case .pane(let message):
            let inbox = self.inbox, language = state.language
            func open<F: PaneFeature>(_: F.Type) {
                guard let effect = message.value(as: F.Effect.self) else { return }
                let pane = F.pane
                let runner = EffectRunner<F.Answer>(language: language, lanes: lanes) { inbox.post(.answer(PaneMessage(pane, $0))) }
                F.perform(effect, clients[F.self], runner)
            }
            open(message.pane.feature)
        case .redrawAll:
            backend.forceFullRedraw()
            lastScreen = nil
            dirty = true
        case .quit:
            break  // state.quitRequested ends the loop after this turn
        case .showOrder:
            break  // resolved by reduce into the orders pane's own effects; never reaches here
        }
    }

    private func followSize() {
        let size = backend.size
        guard size != lastSize else { return }
        lastSize = size
        dispatch(.resized(width: size.columns, height: size.rows))
    }

    /// Draws when something was reduced since the last frame and the screen it makes is new; a screen
    /// equal to the one shown is reported to the backend as unchanged instead.
    private func drawIfChanged() {
        guard dirty else { return }
        dirty = false
        let screen = render(state, width: lastSize.columns, height: lastSize.rows)
        guard screen != lastScreen else { backend.frameUnchanged(); return }
        backend.draw(screen)
        lastScreen = screen
        framesDrawn += 1
    }
}

/// A flag one thread sets and another polls (the import's `isCancelled`).
final class CancelFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
    func reset() { lock.withLock { value = false } }
}
