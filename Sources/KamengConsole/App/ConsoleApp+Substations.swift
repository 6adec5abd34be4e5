import Foundation
import KamengDomain

extension ConsoleApp {
    /// The substation pane's effects: the list reloads on the refresh queue, completion on the query queue, changes (and reading a batch file) on
    /// the work queue, answers through the inbox.
    func performSubstations(_ effect: SubstationsEffect) {
        let source = self.source, inbox = self.inbox
        @Sendable func failure(_ error: any Error) -> String { String(describing: error) }
        switch effect {
        case .load:
            onRefresh {
                do { inbox.post(.substations(.loaded(try source.substationHealth(now: Date())))) } catch {
                    inbox.post(.substations(.failed(failure(error))))
                }
            }
        case let .setStatus(code, status):
            work.async {
                do {
                    try source.setSubstationStatus(code: code, to: status)
                    inbox.post(.substations(.statusChanged(code: code, to: status)))
                } catch {
                    inbox.post(.substations(.statusFailed(code: code, message: failure(error))))
                }
            }
        case .open(let draft):
            work.async {
                do { inbox.post(.substations(.opened(draft, secret: try source.openSubstation(draft)))) } catch {
                    inbox.post(.substations(.openFailed(failure(error))))
                }
            }
        case .complete(let typed):
            queries.async {
                let (completion, candidates) = PathCompletion.completeOnDisk(typed)
                inbox.post(.substations(.completed(original: typed, completion: completion, candidates: candidates)))
            }
        case .readSheet(let path):
            work.async {
                do { inbox.post(.substations(.sheetRead(path: path, try source.readSubstationSheet(path: path)))) } catch {
                    inbox.post(.substations(.sheetFailed(path: path, message: failure(error))))
                }
            }
        case let .openBatch(path, drafts):
            work.async {
                do { inbox.post(.substations(.batchOpened(try source.openSubstations(drafts, from: path)))) } catch {
                    inbox.post(.substations(.batchFailed(failure(error))))
                }
            }
        }
    }
}
