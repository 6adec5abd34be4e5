import Foundation
import KamengDomain
import KamengImport
import KamengStorage

/// What the import pane asks of the storage and the disk: batches and stock, a file's dry run or import,
/// voiding a batch, completing a typed path.
public struct ImportClient: Sendable {
    public var batches: @Sendable () async throws(StoreError) -> [BatchSummary]
    public var levels: @Sendable () async throws(StoreError) -> [StockLevel]
    public var importFile: @Sendable (_ path: String, _ sku: String, _ dryRun: Bool, _ force: Bool, _ choices: ImportChoices,
                               _ progress: @escaping @Sendable (ImportFigures) -> Void,
                               _ isCancelled: @escaping @Sendable () -> Bool) async throws(StoreError) -> ImportOutcome
    public var voidBatch: @Sendable (_ id: Int64, _ code: String) async throws(StoreError) -> Int
    public var complete: @Sendable (_ typed: String) -> (completion: String, candidates: [String])
    /// Set by `c` (or quitting) while an import runs; the import polls it and rolls back.
    let cancel = CancelFlag()
}

extension ImportFeature {
    static func live(_ session: ConsoleSession) -> ImportClient {
        let engine = session.engine
        return ImportClient(
            batches: { () throws(StoreError) in try await engine.batches(limit: 200) },
            // The picker shows available keys only: the kept counts, without counting the expiring keys.
            levels: { () throws(StoreError) in try await engine.stockLevels(countingExpiry: false) },
            importFile: { path, sku, dryRun, force, choices, progress, isCancelled throws(StoreError) in
                try await session.importFile(path: path, sku: sku, dryRun: dryRun, force: force, choices: choices, progress: progress,
                                             isCancelled: isCancelled)
            },
            voidBatch: { id, code throws(StoreError) in try await engine.voidBatch(id: id, by: session.actor(), stepUp: code) },
            complete: { typed in session.completePath(typed) })
    }

    static func unimplemented(_ report: @escaping @Sendable (String) -> Void) -> ImportClient {
        ImportClient(
            batches: { () throws(StoreError) in throw unimplementedCall("imports.batches", report) },
            levels: { () throws(StoreError) in throw unimplementedCall("imports.levels", report) },
            importFile: { _, _, _, _, _, _, _ throws(StoreError) in throw unimplementedCall("imports.importFile", report) },
            voidBatch: { _, _ throws(StoreError) in throw unimplementedCall("imports.voidBatch", report) },
            complete: { typed in report("imports.complete"); return (typed, []) })
    }

    /// The batch list on the refresh lane, completion on the query lane, dry runs, imports and voids on the work lane.
    static func perform(_ effect: ImportEffect, _ client: ImportClient, _ runner: EffectRunner<ImportAnswer>) {
        let post = runner.post, language = runner.language
        switch effect {
        case .loadBatches:
            runner.refresh {
                do throws(StoreError) {
                    post(.batchesLoaded(try await client.batches()))
                    post(.levelsLoaded(try await client.levels()))
                } catch {
                    post(.batchesFailed(error.text(language)))
                }
            }
        case let .preview(path, sku, choices):
            runner.work { await runImport(client, post, language, path: path, sku: sku, choices: choices, dryRun: true, force: false) }
        case let .run(path, sku, force, choices):
            client.cancel.reset()
            runner.work { await runImport(client, post, language, path: path, sku: sku, choices: choices, dryRun: false, force: force) }
        case .cancel:
            client.cancel.set()
        case .complete(let typed):
            runner.query {
                let (completion, candidates) = client.complete(typed)
                post(.completed(original: typed, completion: completion, candidates: candidates))
            }
        case let .void(batch, code):
            runner.work {
                do throws(StoreError) { post(.voided(batch: batch, keys: try await client.voidBatch(batch, code))) } catch {
                    post(.voidFailed(batch: batch, message: error.text(language)))
                }
            }
        }
    }

    private static func runImport(_ client: ImportClient, _ post: @escaping @Sendable (ImportAnswer) -> Void, _ language: UILanguage,
                                  path: String, sku: String, choices: ImportChoices, dryRun: Bool, force: Bool) async {
        let expanded = (path as NSString).expandingTildeInPath
        let throttle = ProgressThrottle(), cancel = client.cancel
        do throws(StoreError) {
            let outcome = try await client.importFile(expanded, sku, dryRun, force, choices, { figures in
                // At most ~10 reports a second: each one is a frame.
                guard !dryRun, throttle.due() else { return }
                post(.progressed(figures))
            }, { cancel.isSet })
            let result = ImportResult(path: path, sku: sku, outcome: outcome, choices: choices)
            post(dryRun ? .previewed(result) : .imported(result))
        } catch .alreadyImported(_, let batches) {
            post(.alreadyImported(path: path, sku: sku, batches: batches))
        } catch .importNeedsColumns(_, let question) {
            post(.needsColumns(path: path, sku: sku, question: question))
        } catch .importNeedsEncoding {
            post(.needsEncoding(path: path, sku: sku))
        } catch .importCancelled {
            post(.cancelled(path: path))
        } catch {
            post(.failed(path: path, message: error.text(language)))
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
