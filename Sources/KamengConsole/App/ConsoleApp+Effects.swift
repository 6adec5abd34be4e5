import Foundation
import KamengStore
import TerminalUI

/// Where each effect runs. Queries a key waits for go on `queries`; the panes' reloads on `refresh`;
/// changes and imports on `work`. Answers come back through the inbox as actions.
extension ConsoleApp {
    /// Runs `body` on the list queue: pages of orders, filters, an order's detail, related orders.
    func onQueries(_ body: @escaping @Sendable () -> Void) {
        note(queries)
        queries.async(execute: body)
    }

    /// Runs `body` on the refresh queue: a pane's whole reload.
    func onRefresh(_ body: @escaping @Sendable () -> Void) {
        note(refresh)
        refresh.async(execute: body)
    }

    /// With a trace on, a key's marker must pass through every query queue the key's effects used.
    private func note(_ queue: DispatchQueue) {
        if keyQueues?.contains(where: { $0 === queue }) == false { keyQueues?.append(queue) }
    }

    func perform(_ effect: ConsoleEffect) {
        let source = self.source, inbox = self.inbox
        switch effect {
        case .loadOrders(let request):
            onQueries {
                do {
                    inbox.post(.ordersLoaded(request, try source.orders(query: request.query, after: request.after, limit: request.limit)))
                } catch {
                    inbox.post(.ordersFailed(request, message: String(describing: error)))
                }
            }
        case .loadStock:
            onRefresh {
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
            onQueries {
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
            onRefresh {
                do { inbox.post(.risk(.loaded(try source.heldOrders(), at: Date()))) } catch { inbox.post(.risk(.failed(String(describing: error)))) }
            }
        case .risk(.loadRelated(let summary)):
            onQueries { if let related = try? source.related(to: summary) { inbox.post(.risk(.relatedLoaded(related))) } }
        case let .risk(.decide(decision, ids, note, code, blacklist)):
            work.async {
                do {
                    let count = try source.decide(decision, orderIds: ids, note: note, code: code, blacklist: blacklist)
                    inbox.post(.risk(.decided(decision, orderIds: ids, count: count, blacklisted: blacklist)))
                } catch StoreError.stepUpRequired {
                    // Orders decided before the one needing a code stay decided; the rest wait for it.
                    inbox.post(.risk(.needsCode(orderIds: ids, blacklist: blacklist)))
                } catch {
                    inbox.post(.risk(.decisionFailed(String(describing: error))))
                }
            }
        case .substations(let effect):
            performSubstations(effect)
        case .redrawAll:
            backend.forceFullRedraw()
            lastScreen = nil
            dirty = true
        case .quit:
            break  // state.quitRequested ends the loop after this turn
        }
    }

    private func performImport(_ effect: ImportEffect) {
        let source = self.source, inbox = self.inbox, cancel = importCancel
        switch effect {
        case .loadBatches:
            onRefresh {
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
            onQueries {
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
