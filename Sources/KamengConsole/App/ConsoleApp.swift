import Foundation
import KamengStore
import TerminalUI

/// The loop: read a key (with a timeout, so an idle console sleeps), turn it into an action, reduce,
/// run the effects off this thread, fold their answers back in as actions, and draw only when the
/// screen actually changed.
///
/// Runs on the thread that calls `run()` (ncurses wants one thread). Queries and the data-version poll
/// run one at a time on a serial background queue, in the order asked; answers wait in an inbox until
/// the next turn of the loop, which a post starts at once when the backend can be woken.
public final class ConsoleApp {
    public private(set) var state: ConsoleState
    private let backend: any TerminalBackend
    private let source: any ConsoleDataSource
    private let inbox = ActionInbox()
    private let queries = DispatchQueue(label: "kameng.console.queries", qos: .userInitiated)
    /// Imports run here, not on `queries`, so the lists stay live while a big file goes in.
    private let work = DispatchQueue(label: "kameng.console.work", qos: .userInitiated)
    private let importCancel = CancelFlag()
    /// How often `dataVersion()` is polled, in seconds.
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
    /// Key-to-frame timing (`KAMENG_FRAME_TRACE`); nil, the default, costs one check per key and frame.
    public var frameTrace: FrameTrace?
    private var traceLog: FrameTraceLog?
    private var lastFrameAt: UInt64 = 0
    /// When the last turn with something to draw ended, and whether it drew (for the trace).
    private var lastSettled: (at: UInt64, drawn: Bool)?

    public init(state: ConsoleState, backend: any TerminalBackend, source: any ConsoleDataSource) {
        self.state = state
        self.backend = backend
        self.source = source
    }

    /// Runs until `q` or an interrupt, then stops the backend. Returns the final state.
    @discardableResult
    public func run() -> ConsoleState {
        traceLog = frameTrace.map(FrameTraceLog.init)
        inbox.wake = backend.makeWaker()
        let poller = DataVersionPoller(source: source, interval: pollInterval, inbox: inbox, queue: queries)
        poller.pollNow()  // the baseline, before the first loads on the same serial queue
        followSize()
        dispatch(.started)
        poller.start()
        defer {
            poller.stop()
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

    @discardableResult
    private func dispatch(_ action: ConsoleAction) -> Int {
        let effects = reduce(&state, action)
        dirty = true
        for effect in effects { perform(effect) }
        return effects.count
    }

    /// A key's action; with a trace, the key waits for its frame, and for its queries when it queued any:
    /// the marker goes on the serial query queue behind them, so it comes back after their answers.
    private func dispatchKey(_ key: Key, _ action: ConsoleAction, receivedAt: UInt64) {
        let effects = dispatch(action)
        guard traceLog != nil,
              let marker = traceLog?.keyReduced(key, receivedAt: receivedAt, queuedQueries: effects > 0) else { return }
        let inbox = self.inbox
        queries.async { inbox.postMarker(marker) }
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

    private func perform(_ effect: ConsoleEffect) {
        let source = self.source, inbox = self.inbox
        switch effect {
        case .loadOrders(let request):
            queries.async {
                do {
                    inbox.post(.ordersLoaded(request, try source.orders(query: request.query, after: request.after, limit: request.limit)))
                } catch {
                    inbox.post(.ordersFailed(request, message: String(describing: error)))
                }
            }
        case .loadStock:
            queries.async {
                do {
                    let now = Date()
                    let context = try source.alertContext(now: now)
                    inbox.post(.alerts(.contextLoaded(sales: context.sales, acks: context.acks, at: now)))
                    inbox.post(.stockLoaded(try source.stockLevels()))
                } catch {
                    inbox.post(.stockFailed(message: String(describing: error)))
                }
            }
        case let .alerts(.acknowledge(sku, hours)):
            let words = Strings(language: state.language, ellipsis: "…")
            work.async {
                do {
                    try source.acknowledgeAlert(sku: sku, snoozeHours: hours)
                    inbox.post(.alerts(.done(words.acknowledged(sku, snoozed: hours != nil))))
                } catch { inbox.post(.alerts(.failed(String(describing: error)))) }
            }
        case let .alerts(.setThreshold(sku, value)):
            let words = Strings(language: state.language, ellipsis: "…")
            work.async {
                do {
                    try source.setThreshold(sku: sku, threshold: value)
                    inbox.post(.alerts(.done(words.thresholdSet(sku, value))))
                } catch { inbox.post(.alerts(.failed(String(describing: error)))) }
            }
        case .imports(let work):
            performImport(work)
        case .orders(.loadDetail(let summary)):
            queries.async {
                do { inbox.post(.orders(.detailLoaded(try source.orderDetail(summary)))) } catch {
                    inbox.post(.orders(.detailFailed(String(describing: error))))
                }
            }
        case let .orders(.reveal(orderId, reason, code, token)):
            work.async {
                do { inbox.post(.orders(.revealed(orderId: orderId, keys: try source.revealKeys(orderId: orderId, reason: reason, code: code), token: token))) } catch {
                    inbox.post(.orders(.revealFailed(String(describing: error))))
                }
            }
        case let .orders(.act(action, orderId, code)):
            work.async {
                do {
                    inbox.post(.orders(.acted(action, orderId: orderId, outcome: try source.act(action, orderId: orderId, code: code))))
                } catch StoreError.stepUpRequired {
                    inbox.post(.orders(.actionNeedsCode(action, orderId: orderId)))
                } catch {
                    inbox.post(.orders(.actionFailed(String(describing: error))))
                }
            }
        case let .orders(.hideRevealAfter(seconds, token)):
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { inbox.post(.orders(.hideReveal(token: token))) }
        case .risk(.load):
            queries.async {
                do { inbox.post(.risk(.loaded(try source.heldOrders(), at: Date()))) } catch { inbox.post(.risk(.failed(String(describing: error)))) }
            }
        case .risk(.loadRelated(let summary)):
            queries.async { if let related = try? source.related(to: summary) { inbox.post(.risk(.relatedLoaded(related))) } }
        case let .risk(.decide(decision, ids, note, code)):
            work.async {
                do {
                    inbox.post(.risk(.decided(decision, orderIds: ids, count: try source.decide(decision, orderIds: ids, note: note, code: code))))
                } catch StoreError.stepUpRequired {
                    // Orders decided before the one needing a code stay decided; the rest wait for it.
                    inbox.post(.risk(.needsCode(orderIds: ids)))
                } catch {
                    inbox.post(.risk(.decisionFailed(String(describing: error))))
                }
            }
        case .substations(.load):
            queries.async {
                do { inbox.post(.substations(.loaded(try source.substationHealth(now: Date())))) } catch {
                    inbox.post(.substations(.failed(String(describing: error))))
                }
            }
        case let .substations(.setStatus(code, status)):
            work.async {
                do {
                    try source.setSubstationStatus(code: code, to: status)
                    inbox.post(.substations(.statusChanged(code: code, to: status)))
                } catch {
                    inbox.post(.substations(.statusFailed(code: code, message: String(describing: error))))
                }
            }
        case .redrawAll:
            backend.forceFullRedraw()
            lastScreen = nil
            dirty = true
        case .quit:
            break  // state.quitRequested ends the loop after this turn
        }
    }
}

extension ConsoleApp {
    private func performImport(_ effect: ImportEffect) {
        let source = self.source, inbox = self.inbox, cancel = importCancel
        switch effect {
        case .loadBatches:
            queries.async {
                do { inbox.post(.imports(.batchesLoaded(try source.batches(limit: 200)))) } catch {
                    inbox.post(.imports(.batchesFailed(String(describing: error))))
                }
            }
        case let .preview(path, sku):
            work.async { Self.runImport(source, inbox, cancel, path: path, sku: sku, dryRun: true, force: false) }
        case let .run(path, sku, force):
            cancel.reset()
            work.async { Self.runImport(source, inbox, cancel, path: path, sku: sku, dryRun: false, force: force) }
        case .cancel:
            cancel.set()
        case .complete(let typed):
            queries.async {
                let (completion, candidates) = PathCompletion.completeOnDisk(typed)
                inbox.post(.imports(.completed(original: typed, completion: completion, candidates: candidates)))
            }
        case let .void(batch, code):
            work.async {
                do { inbox.post(.imports(.voided(batch: batch, keys: try source.voidBatch(id: batch, stepUpCode: code)))) } catch {
                    inbox.post(.imports(.voidFailed(batch: batch, message: String(describing: error))))
                }
            }
        }
    }

    private static func runImport(_ source: any ConsoleDataSource, _ inbox: ActionInbox, _ cancel: CancelFlag,
                                  path: String, sku: String, dryRun: Bool, force: Bool) {
        let expanded = (path as NSString).expandingTildeInPath
        var lastPost = DispatchTime.now().uptimeNanoseconds
        do {
            let outcome = try source.importFile(path: expanded, sku: sku, dryRun: dryRun, force: force, progress: { figures in
                // At most ~10 reports a second: each one is a frame.
                let now = DispatchTime.now().uptimeNanoseconds
                guard !dryRun, now - lastPost > 100_000_000 else { return }
                lastPost = now
                inbox.post(.imports(.progressed(figures)))
            }, isCancelled: { cancel.isSet })
            let result = ImportResult(path: path, sku: sku, outcome: outcome)
            inbox.post(.imports(dryRun ? .previewed(result) : .imported(result)))
        } catch FileImportError.alreadyImported(_, let batches) {
            inbox.post(.imports(.alreadyImported(path: path, sku: sku, batches: batches)))
        } catch FileImportError.cancelled {
            inbox.post(.imports(.cancelled(path: path)))
        } catch {
            inbox.post(.imports(.failed(path: path, message: String(describing: error))))
        }
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
