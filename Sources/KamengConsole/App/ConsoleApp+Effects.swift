import Foundation
import KamengDomain
import KamengStorage
import TerminalUI

/// Where each effect runs. Queries a key waits for go on `queries`; the panes' reloads on `refresh`;
/// changes and imports on `work`. Each lane runs its jobs one after another; answers come back through
/// the inbox as actions. A refusal reaches the screen as the engine's words in the console's language
/// (`StoreError.text`), which the views pass through `TerminalSafe` like all outside text.
extension ConsoleApp {
    /// Runs `body` on the list lane: pages of orders, filters, an order's detail, related orders.
    func onQueries(_ body: @escaping SerialLane.Job) {
        note(queries)
        queries.run(body)
    }

    /// Runs `body` on the refresh lane: a pane's whole reload.
    func onRefresh(_ body: @escaping SerialLane.Job) {
        note(refresh)
        refresh.run(body)
    }

    /// With a trace on, a key's marker must pass through every query lane the key's effects used.
    private func note(_ lane: SerialLane) {
        if keyLanes?.contains(where: { $0 === lane }) == false { keyLanes?.append(lane) }
    }

    func perform(_ effect: ConsoleEffect) {
        let session = self.session, engine = session.engine, inbox = self.inbox, language = state.language
        switch effect {
        case .loadOrders(let request):
            onQueries {
                do throws(StoreError) {
                    inbox.post(.ordersLoaded(request, try await engine.orders(query: request.query, after: request.after, limit: request.limit)))
                } catch {
                    inbox.post(.ordersFailed(request, message: error.text(language)))
                }
            }
        case .loadStock:
            onRefresh {
                do throws(StoreError) {
                    let now = Date()
                    let context = try await session.alertContext(now: now)
                    inbox.post(.alerts(.contextLoaded(sales: context.sales, acks: context.acks, at: now)))
                    inbox.post(.stockLoaded(try await engine.stockLevels()))
                } catch {
                    inbox.post(.stockFailed(message: error.text(language)))
                }
            }
        case let .alerts(.acknowledge(sku, hours)):
            let words = Strings(language: language, ellipsis: "…")
            work.run {
                do throws(StoreError) {
                    try await engine.acknowledgeStockAlert(sku: sku, snoozeUntil: hours.map { Date().addingTimeInterval($0 * 3_600) },
                                                           by: session.actor())
                    inbox.post(.alerts(.done(words.acknowledged(sku, snoozed: hours != nil))))
                } catch { inbox.post(.alerts(.failed(error.text(language)))) }
            }
        case let .alerts(.setThreshold(sku, value)):
            let words = Strings(language: language, ellipsis: "…")
            work.run {
                do throws(StoreError) {
                    try await engine.setLowStockThreshold(sku: sku, to: value, by: session.actor())
                    inbox.post(.alerts(.done(words.thresholdSet(sku, value))))
                } catch { inbox.post(.alerts(.failed(error.text(language)))) }
            }
        case .imports(let work):
            performImport(work)
        case .orders(.loadDetail(let summary)):
            onQueries {
                do throws(StoreError) { inbox.post(.orders(.detailLoaded(try await session.orderDetail(summary)))) } catch {
                    inbox.post(.orders(.detailFailed(error.text(language))))
                }
            }
        case let .orders(.reveal(orderId, reason, code, token)):
            work.run {
                do throws(StoreError) {
                    let keys = try await session.revealKeys(orderId: orderId, reason: reason, code: code)
                    inbox.post(.orders(.revealed(orderId: orderId, keys: keys, token: token)))
                } catch {
                    inbox.post(.orders(.revealFailed(error.text(language))))
                }
            }
        case let .orders(.act(action, orderId, code)):
            work.run {
                do throws(StoreError) {
                    inbox.post(.orders(.acted(action, orderId: orderId, outcome: try await session.act(action, orderId: orderId, code: code))))
                } catch .stepUpRequired {
                    inbox.post(.orders(.actionNeedsCode(action, orderId: orderId)))
                } catch {
                    inbox.post(.orders(.actionFailed(error.text(language))))
                }
            }
        case let .orders(.hideRevealAfter(seconds, token)):
            DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { inbox.post(.orders(.hideReveal(token: token))) }
        case .risk(.load):
            onRefresh {
                do throws(StoreError) { inbox.post(.risk(.loaded(try await engine.heldOrders(limit: 500), at: Date()))) } catch {
                    inbox.post(.risk(.failed(error.text(language))))
                }
            }
        case .risk(.loadRelated(let summary)):
            onQueries { if let related = try? await engine.related(to: summary) { inbox.post(.risk(.relatedLoaded(related))) } }
        case let .risk(.decide(decision, ids, note, code, blacklist)):
            work.run {
                do throws(StoreError) {
                    let count = try await engine.decide(decision, orderIds: ids, note: note, blacklisting: blacklist,
                                                        by: session.actor(), stepUp: code)
                    inbox.post(.risk(.decided(decision, orderIds: ids, count: count, blacklisted: blacklist)))
                } catch .stepUpRequired {
                    // Orders decided before the one needing a code stay decided; the rest wait for it.
                    inbox.post(.risk(.needsCode(orderIds: ids, blacklist: blacklist)))
                } catch {
                    inbox.post(.risk(.decisionFailed(error.text(language))))
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
        let session = self.session, inbox = self.inbox, cancel = importCancel, language = state.language
        switch effect {
        case .loadBatches:
            onRefresh {
                do throws(StoreError) { inbox.post(.imports(.batchesLoaded(try await session.engine.batches(limit: 200)))) } catch {
                    inbox.post(.imports(.batchesFailed(error.text(language))))
                }
            }
        case let .preview(path, sku):
            work.run { await Self.runImport(session, inbox, cancel, language, path: path, sku: sku, dryRun: true, force: false) }
        case let .run(path, sku, force):
            cancel.reset()
            work.run { await Self.runImport(session, inbox, cancel, language, path: path, sku: sku, dryRun: false, force: force) }
        case .cancel:
            cancel.set()
        case .complete(let typed):
            onQueries {
                let (completion, candidates) = PathCompletion.completeOnDisk(typed)
                inbox.post(.imports(.completed(original: typed, completion: completion, candidates: candidates)))
            }
        case let .void(batch, code):
            work.run {
                do throws(StoreError) {
                    inbox.post(.imports(.voided(batch: batch, keys: try await session.engine.voidBatch(id: batch, by: session.actor(), stepUp: code))))
                } catch {
                    inbox.post(.imports(.voidFailed(batch: batch, message: error.text(language))))
                }
            }
        }
    }

    private static func runImport(_ session: ConsoleSession, _ inbox: ActionInbox, _ cancel: CancelFlag, _ language: UILanguage,
                                  path: String, sku: String, dryRun: Bool, force: Bool) async {
        let expanded = (path as NSString).expandingTildeInPath
        let throttle = ProgressThrottle()
        do throws(StoreError) {
            let outcome = try await session.importFile(path: expanded, sku: sku, dryRun: dryRun, force: force, progress: { figures in
                // At most ~10 reports a second: each one is a frame.
                guard !dryRun, throttle.due() else { return }
                inbox.post(.imports(.progressed(figures)))
            }, isCancelled: { cancel.isSet })
            let result = ImportResult(path: path, sku: sku, outcome: outcome)
            inbox.post(.imports(dryRun ? .previewed(result) : .imported(result)))
        } catch .alreadyImported(_, let batches) {
            inbox.post(.imports(.alreadyImported(path: path, sku: sku, batches: batches)))
        } catch .importCancelled {
            inbox.post(.imports(.cancelled(path: path)))
        } catch {
            inbox.post(.imports(.failed(path: path, message: error.text(language))))
        }
    }
}

/// True at most every 100 ms: the import's progress callback comes from the engine's thread.
private final class ProgressThrottle: @unchecked Sendable {
    private let lock = NSLock()
    private var last = DispatchTime.now().uptimeNanoseconds

    func due() -> Bool {
        let now = DispatchTime.now().uptimeNanoseconds
        return lock.withLock {
            guard now - last > 100_000_000 else { return false }
            last = now
            return true
        }
    }
}
