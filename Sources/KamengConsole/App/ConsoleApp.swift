import Foundation
import KamengStorage
import TerminalUI

/// The loop: read a key (with a timeout, so an idle console sleeps), turn it into an action, reduce,
/// run the effects off this thread, fold their answers back in as actions, and draw only when the
/// screen actually changed.
///
/// Runs on the thread that calls `run()` (ncurses wants one thread), which it blocks: call it from a
/// thread of its own, not from Swift's cooperative pool. Effects call the engine's async operations on
/// three serial lanes (ConsoleApp+Effects.swift), each in the order asked: `queries` for what a key
/// waits for (pages of the order list, filters, an order's detail), `refresh` for the panes' reloads,
/// `work` for changes and imports. The engine's change notices are followed beside them. Answers wait
/// in an inbox until the next turn of the loop, which a post starts at once when the backend can be woken.
public final class ConsoleApp {
    public private(set) var state: ConsoleState
    let backend: any TerminalBackend
    let session: ConsoleSession
    let inbox = ActionInbox()
    let queries = SerialLane(label: "kameng.console.queries", qos: .userInitiated)
    /// Pane reloads (stock and sales, batches, substations, the risk queue) run here, beside `queries`:
    /// on the 1M-order demo one stock reload takes most of a second, and a filter keystroke queued
    /// behind it would wait that long.
    let refresh = SerialLane(label: "kameng.console.refresh", qos: .utility)
    /// Imports run here, not on `queries`, so the lists stay live while a big file goes in.
    let work = SerialLane(label: "kameng.console.work", qos: .userInitiated)
    let importCancel = CancelFlag()
    /// While a key's effects are being started with a trace on: the query lanes they used.
    var keyLanes: [SerialLane]?
    /// How often the engine is asked for changes (`engine.changes(every:)`), in seconds.
    public var pollInterval: Double = 1.0
    /// readKey's timeout with nothing loading: long, so an idle console costs ~no CPU.
    public var idleTimeoutMilliseconds = 500
    /// readKey's timeout while a query runs: short, so its answer shows promptly and the spinner turns.
    public var busyTimeoutMilliseconds = 80
    var dirty = true
    var lastScreen: Screen?
    private var lastSize: (columns: Int, rows: Int) = (-1, -1)
    /// Frames actually handed to the backend (for tests: an idle console must not redraw).
    public private(set) var framesDrawn = 0
    /// Key-to-frame timing (`KAMENG_FRAME_TRACE`); nil, the default, costs one check per key and frame.
    public var frameTrace: FrameTrace?
    private var traceLog: FrameTraceLog?
    private var lastFrameAt: UInt64 = 0
    /// When the last turn with something to draw ended, and whether it drew (for the trace).
    private var lastSettled: (at: UInt64, drawn: Bool)?

    public init(state: ConsoleState, backend: any TerminalBackend, session: ConsoleSession) {
        self.state = state
        self.backend = backend
        self.session = session
    }

    deinit {
        for lane in [queries, refresh, work] { lane.finish() }
    }

    /// Runs until `q` or an interrupt, then stops the backend. Returns the final state.
    @discardableResult
    public func run() -> ConsoleState {
        traceLog = frameTrace.map(FrameTraceLog.init)
        inbox.wake = backend.makeWaker()
        let watcher = ChangeWatcher(session.engine.changes(every: .seconds(pollInterval)), inbox: inbox)
        // The baseline, older than the data the first loads read: the first loads on both query lanes
        // wait for it (the first notice, not anything queued meanwhile).
        let baseline = watcher.baseline
        refresh.run { await baseline.wait() }
        queries.run { await baseline.wait() }
        followSize()
        var clockReadAt = Date()
        dispatch(.clock(clockReadAt))
        dispatch(.started)
        defer {
            watcher.stop()
            backend.stop()
        }
        while !state.quitRequested {
            for item in inbox.drain() {
                switch item {
                case .action(let action): dispatch(action)
                case .marker(let marker):
                    traceLog?.markerReturned(marker, lastSettled: dirty ? nil : lastSettled)
                }
            }
            followSize()
            let changed = dirty
            let drawn = drawIfChanged()
            if changed, traceLog != nil { traceFrame(drawn: drawn) }
            if backend.takeInterrupt() { break }
            let timeout = state.isLoading ? busyTimeoutMilliseconds : idleTimeoutMilliseconds
            let waited = DispatchTime.now()
            let key = backend.readKey(timeoutMilliseconds: timeout)
            let receivedAt = traceLog == nil ? 0 : FrameTrace.now()
            if terminalLooksGone(key: key, waited: waited, timeout: timeout) { break }
            if let key {
                if key == .resize {
                    followSize()
                } else if state.capturesKeys, key != .ctrl("l") {
                    dispatchKey(key, .typed(key), receivedAt: receivedAt)
                } else if let command = state.command(for: key) {
                    dispatchKey(key, .command(command), receivedAt: receivedAt)
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

    /// A key's action; with a trace, the key waits for its frame, and for its queries when it queued any:
    /// a marker goes through each query lane they used, behind them, and comes back after their answers.
    private func dispatchKey(_ key: Key, _ action: ConsoleAction, receivedAt: UInt64) {
        guard traceLog != nil else { dispatch(action); return }
        keyLanes = []
        dispatch(action)
        let used = keyLanes ?? []
        keyLanes = nil
        guard let marker = traceLog?.keyReduced(key, receivedAt: receivedAt, queuedQueries: !used.isEmpty) else { return }
        let inbox = self.inbox, group = DispatchGroup()
        for lane in used {
            group.enter()
            lane.mark { group.leave() }
        }
        group.notify(queue: .global()) { inbox.postMarker(marker) }
    }

    /// After a turn that had something to draw: keys whose frame this was, and the startup milestones.
    private func traceFrame(drawn: Bool) {
        let time = drawn ? lastFrameAt : FrameTrace.now()
        lastSettled = (time, drawn)
        traceLog?.frameSettled(drawn: drawn, at: time)
        guard drawn else { return }
        traceLog?.milestone("first-frame", reached: true, at: time)
        traceLog?.milestone("orders-shown", reached: state.orders.loaded, at: time)
        traceLog?.milestone("settled", reached: !state.isLoading, at: time)
    }

    private func followSize() {
        let size = backend.size
        guard size != lastSize else { return }
        lastSize = size
        dispatch(.resized(width: size.columns, height: size.rows))
    }

    /// True when a frame was written.
    @discardableResult
    private func drawIfChanged() -> Bool {
        guard dirty else { return false }
        dirty = false
        let screen = render(state, width: lastSize.columns, height: lastSize.rows)
        guard screen != lastScreen else { return false }
        backend.draw(screen)
        if traceLog != nil { lastFrameAt = FrameTrace.now() }
        lastScreen = screen
        framesDrawn += 1
        return true
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
