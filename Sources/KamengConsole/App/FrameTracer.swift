import Foundation
import TerminalUI

/// The frame trace's side of the loop (`KAMENG_FRAME_TRACE`), attached by wrapping the backend and the
/// inbox, so the loop carries no trace code. What it sees:
/// - the backend's `readKey` returning a key: the key's receive time; from then on, the lanes the key's
///   effects use (`ConsoleLanes.observer`);
/// - the inbox drained at the start of the next turn: the key has been reduced, so a marker is queued
///   behind each lane it used, and markers that came back are matched to frames;
/// - the backend's `draw` or `frameUnchanged`: the turn's frame settled (see `FrameTraceLog`).
/// Everything runs on the loop's thread except a returned marker's post, which takes the lock.
final class FrameTracer: @unchecked Sendable {
    private var log: FrameTraceLog
    private let lanes: ConsoleLanes
    /// What the startup milestones need to know of the console's state (set by the app).
    var probe: (() -> (ordersShown: Bool, settled: Bool))?
    /// The loop's waker (the inbox's), so a returned marker is seen at once.
    var wake: (@Sendable () -> Void)?
    private var readKey: (key: Key, receivedAt: UInt64, lanes: [SerialLane])?
    /// A key has been read since the last frame settled: the next turn's frame is its.
    private var reducedSinceSettled = false
    private var lastSettled: (at: UInt64, drawn: Bool)?
    private let lock = NSLock()
    private var returned: [Int] = []

    init(trace: FrameTrace, lanes: ConsoleLanes) {
        log = FrameTraceLog(trace: trace)
        self.lanes = lanes
        let work = lanes.work
        // A key's frame waits for its queries, not for the changes it started (an import can take minutes).
        lanes.observer = { [unowned self] lane in
            guard lane !== work, var key = self.readKey, !key.lanes.contains(where: { $0 === lane }) else { return }
            key.lanes.append(lane)
            self.readKey = key
        }
    }

    func keyRead(_ key: Key, at time: UInt64) {
        readKey = (key, time, [])
        reducedSinceSettled = true
    }

    /// At the start of a turn, before its actions are reduced: the last key's effects have all been asked for.
    func turnStarts() {
        if let key = readKey {
            readKey = nil
            if let marker = log.keyReduced(key.key, receivedAt: key.receivedAt, queuedQueries: !key.lanes.isEmpty) {
                let group = DispatchGroup()
                for lane in key.lanes {
                    group.enter()
                    lane.mark { group.leave() }
                }
                group.notify(queue: .global()) { [self] in
                    lock.withLock { returned.append(marker) }
                    wake?()
                }
            }
        }
    }

    /// The markers back since the last turn; `reducing` says whether the turn has actions to reduce.
    /// A marker whose answers were reduced and drawn in an earlier turn times its key to that frame.
    func markersReturned(reducing: Bool) {
        let markers = lock.withLock { () -> [Int] in
            defer { returned.removeAll() }
            return returned
        }
        let earlier = reducing || reducedSinceSettled ? nil : lastSettled
        for marker in markers { log.markerReturned(marker, lastSettled: earlier) }
        if reducing { reducedSinceSettled = true }
    }

    func frameSettled(drawn: Bool) {
        let time = FrameTrace.now()
        lastSettled = (time, drawn)
        reducedSinceSettled = false
        log.frameSettled(drawn: drawn, at: time)
        guard drawn else { return }
        let state = probe?()
        log.milestone("first-frame", reached: true, at: time)
        log.milestone("orders-shown", reached: state?.ordersShown ?? false, at: time)
        log.milestone("settled", reached: state?.settled ?? false, at: time)
    }
}

/// The backend with the trace's ears: keys as they are read, frames as they are written.
final class TracedBackend: TerminalBackend {
    private let inner: any TerminalBackend
    private let tracer: FrameTracer

    init(_ inner: any TerminalBackend, tracer: FrameTracer) {
        self.inner = inner
        self.tracer = tracer
    }

    var size: (columns: Int, rows: Int) { inner.size }

    func draw(_ screen: Screen) {
        inner.draw(screen)
        tracer.frameSettled(drawn: true)
    }

    func frameUnchanged() {
        inner.frameUnchanged()
        tracer.frameSettled(drawn: false)
    }

    func readKey(timeoutMilliseconds: Int) -> Key? {
        let key = inner.readKey(timeoutMilliseconds: timeoutMilliseconds)
        if let key, key != .resize { tracer.keyRead(key, at: FrameTrace.now()) }
        return key
    }

    func forceFullRedraw() { inner.forceFullRedraw() }
    func stop() { inner.stop() }
    func takeInterrupt() -> Bool { inner.takeInterrupt() }

    func makeWaker() -> (@Sendable () -> Void)? {
        let waker = inner.makeWaker()
        tracer.wake = waker
        return waker
    }
}

/// The inbox with the trace's ears: each drain starts a turn.
final class TracedInbox: ActionInbox, @unchecked Sendable {
    private let tracer: FrameTracer

    init(tracer: FrameTracer) { self.tracer = tracer }

    override func drain() -> [ConsoleAction] {
        tracer.turnStarts()
        let actions = super.drain()
        tracer.markersReturned(reducing: !actions.isEmpty)
        return actions
    }
}
