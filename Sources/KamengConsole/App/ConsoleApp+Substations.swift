import Foundation
import KamengDomain
import KamengStorage

extension ConsoleApp {
    /// The substation pane's effects: the list reloads on the refresh lane, completion on the query lane, changes (and reading a batch file) on
    /// the work lane, answers through the inbox.
    func performSubstations(_ effect: SubstationsEffect) {
        let session = self.session, engine = session.engine, inbox = self.inbox, language = state.language
        switch effect {
        case .load:
            onRefresh {
                do throws(StoreError) {
                    inbox.post(.substations(.loaded(try await engine.substationHealth(now: Date(), rules: session.healthRules))))
                } catch {
                    inbox.post(.substations(.failed(error.text(language))))
                }
            }
        case let .setStatus(code, status):
            work.run {
                do throws(StoreError) {
                    try await engine.setSubstationStatus(code: code, to: status, by: session.actor())
                    inbox.post(.substations(.statusChanged(code: code, to: status)))
                } catch {
                    inbox.post(.substations(.statusFailed(code: code, message: error.text(language))))
                }
            }
        case .open(let draft):
            work.run {
                do throws(StoreError) {
                    let opened = try await engine.openSubstation(draft, by: session.actor())
                    inbox.post(.substations(.opened(draft, secret: opened.apiSecret)))
                } catch {
                    inbox.post(.substations(.openFailed(error.text(language))))
                }
            }
        case .complete(let typed):
            queries.run {
                let (completion, candidates) = PathCompletion.completeOnDisk(typed)
                inbox.post(.substations(.completed(original: typed, completion: completion, candidates: candidates)))
            }
        case .readSheet(let path):
            work.run {
                do throws(StoreError) {
                    let sheet = try await engine.readSubstationSheet(path: (path as NSString).expandingTildeInPath)
                    inbox.post(.substations(.sheetRead(path: path, sheet)))
                } catch {
                    inbox.post(.substations(.sheetFailed(path: path, message: error.text(language))))
                }
            }
        case let .openBatch(path, drafts):
            work.run {
                do throws(StoreError) {
                    let result = try await engine.openSubstations(drafts, from: (path as NSString).expandingTildeInPath, by: session.actor())
                    inbox.post(.substations(.batchOpened(result)))
                } catch {
                    inbox.post(.substations(.batchFailed(error.text(language))))
                }
            }
        }
    }
}
