import Foundation
import TerminalUI

/// Key-to-frame timing for the console benchmark: off unless `KAMENG_FRAME_TRACE=path` is set, then one
/// line per traced event is appended to `path`, after the frame it names has been written:
///
///     <key received ns> <frame written ns> <key>[ unchanged]
///     <process start ns> <frame written ns> @first-frame | @orders-shown | @settled
///
/// Times are CLOCK_MONOTONIC nanoseconds, the same clock in every process on the machine, so a
/// benchmark can set them beside the moment it sent a key. "Frame written" is taken after the
/// backend's draw returned (ncurses' doupdate has written and flushed the bytes to the terminal).
///
/// A key's frame is the first one drawn once the key has been reduced **and** every query its effects
/// queued on the console's query queue has answered and been reduced (a marker queued behind them
/// says so), so a filter keystroke or a page down is timed to the frame that shows its rows, not to
/// the frame that only shows the spinner. When that frame would be identical to the screen already
/// shown, nothing is drawn and the line ends in ` unchanged`, timed when the loop found that out. When
/// the answers were reduced and drawn in an earlier turn than the one that took the marker back (the
/// marker is posted a moment after them), the key is timed to that earlier frame.
///
/// The startup lines time from `startedAt` (the composition root passes the moment `main` began) to
/// the first frame, to the first frame with the order list loaded, and to the first frame with no
/// query outstanding.
public final class FrameTrace {
    private let fd: Int32
    public let startedAt: UInt64

    /// Opens (creating, appending to) `path`; nil when it cannot be opened, so tracing never stops the console.
    public init?(path: String, startedAt: UInt64 = FrameTrace.now()) {
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return nil }
        self.startedAt = startedAt
    }

    deinit { close(fd) }

    /// Nanoseconds on CLOCK_MONOTONIC.
    public static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    /// The trace the environment asks for (`KAMENG_FRAME_TRACE`), if any.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment,
                                       startedAt: UInt64) -> FrameTrace? {
        guard let path = environment["KAMENG_FRAME_TRACE"], !path.isEmpty else { return nil }
        return FrameTrace(path: path, startedAt: startedAt)
    }

    /// One record: a single `write` of one line (O_APPEND), so a reader never sees half of it.
    func record(from start: UInt64, to end: UInt64, _ name: String) {
        let line = Array("\(start) \(end) \(name)\n".utf8)
        _ = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    /// The name a key is traced under: its keymap spelling (`pgdn`, `tab`, `3`, `space`).
    static func name(of key: Key) -> String { KeySpec.string(for: key) }
}

/// The loop's bookkeeping for a trace: keys waiting for their frame, markers come back, startup milestones.
struct FrameTraceLog {
    let trace: FrameTrace
    private struct PendingKey {
        var name: String
        var receivedAt: UInt64
        /// The marker queued behind the key's queries; nil when the key queued none.
        var marker: Int?
    }
    private var pending: [PendingKey] = []
    private var returnedMarkers: Set<Int> = []
    private var nextMarker = 0
    private var milestones: Set<String> = []

    init(trace: FrameTrace) { self.trace = trace }

    /// A key was reduced; `queuedQueries` says whether a marker must come back before its frame counts.
    mutating func keyReduced(_ key: Key, receivedAt: UInt64, queuedQueries: Bool) -> Int? {
        var marker: Int?
        if queuedQueries {
            nextMarker += 1
            marker = nextMarker
        }
        pending.append(PendingKey(name: FrameTrace.name(of: key), receivedAt: receivedAt, marker: marker))
        return marker
    }

    /// A key's marker came back through the inbox. When nothing was reduced since the last frame was
    /// settled (`lastSettled`), the key's answers were reduced before that frame: it was the key's frame.
    /// Otherwise the frame this turn settles is.
    mutating func markerReturned(_ marker: Int, lastSettled: (at: UInt64, drawn: Bool)?) {
        guard let lastSettled else { returnedMarkers.insert(marker); return }
        guard let index = pending.firstIndex(where: { $0.marker == marker }) else { return }
        record(pending.remove(at: index), at: lastSettled.at, drawn: lastSettled.drawn)
    }

    /// After a loop turn's draw: records the keys that are complete, with the time of the frame
    /// (`drawn`) or, when nothing changed on screen, the time the loop found that out.
    mutating func frameSettled(drawn: Bool, at time: UInt64) {
        var still: [PendingKey] = []
        for key in pending {
            if let marker = key.marker {
                guard returnedMarkers.remove(marker) != nil else { still.append(key); continue }
            }
            record(key, at: time, drawn: drawn)
        }
        pending = still
    }

    private func record(_ key: PendingKey, at time: UInt64, drawn: Bool) {
        trace.record(from: key.receivedAt, to: time, drawn ? key.name : key.name + " unchanged")
    }

    /// Records a startup milestone the first time it is reached.
    mutating func milestone(_ name: String, reached: Bool, at time: UInt64) {
        guard reached, !milestones.contains(name) else { return }
        milestones.insert(name)
        trace.record(from: trace.startedAt, to: time, "@" + name)
    }
}
