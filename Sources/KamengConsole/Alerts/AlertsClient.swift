import Foundation
import KamengDomain
import KamengStorage

/// What the alerts pane asks of the storage: stock, sales and acknowledgements; acknowledging and thresholds.
public struct AlertsClient: Sendable {
    /// Keys sold per day per SKU (14 days, today last) and the acknowledgements, as of `now`.
    public var context: @Sendable (_ now: Date) async throws(StoreError) -> (sales: [String: [Int]], acks: [String: StockAlertAck])
    /// Stock per product; with `countingExpiry`, the keys expiring within 7 days counted too (slow).
    public var levels: @Sendable (_ countingExpiry: Bool) async throws(StoreError) -> [StockLevel]
    public var acknowledge: @Sendable (_ sku: String, _ snoozeUntil: Date?) async throws(StoreError) -> Void
    public var setThreshold: @Sendable (_ sku: String, _ value: Int) async throws(StoreError) -> Void
}

extension AlertsFeature {
    static func live(_ session: ConsoleSession) -> AlertsClient {
        let engine = session.engine
        return AlertsClient(
            context: { now throws(StoreError) in try await session.alertContext(now: now) },
            levels: { countingExpiry throws(StoreError) in try await engine.stockLevels(countingExpiry: countingExpiry) },
            acknowledge: { sku, until throws(StoreError) in
                try await engine.acknowledgeStockAlert(sku: sku, snoozeUntil: until, by: session.actor())
            },
            setThreshold: { sku, value throws(StoreError) in try await engine.setLowStockThreshold(sku: sku, to: value, by: session.actor()) })
    }

    static func unimplemented(_ report: @escaping @Sendable (String) -> Void) -> AlertsClient {
        AlertsClient(
            context: { _ throws(StoreError) in throw unimplementedCall("alerts.context", report) },
            levels: { _ throws(StoreError) in throw unimplementedCall("alerts.levels", report) },
            acknowledge: { _, _ throws(StoreError) in throw unimplementedCall("alerts.acknowledge", report) },
            setThreshold: { _, _ throws(StoreError) in throw unimplementedCall("alerts.setThreshold", report) })
    }

    /// The reload on the refresh lane (a keystroke never waits behind it), the expiry count on the
    /// background lane (a pane switch never waits behind it); changes on the work lane.
    static func perform(_ effect: AlertsEffect, _ client: AlertsClient, _ runner: EffectRunner<AlertsAnswer>) {
        let post = runner.post, language = runner.language
        let words = Strings(language: language, ellipsis: "…")
        switch effect {
        case .load:
            runner.refresh {
                do throws(StoreError) {
                    let now = Date()
                    let context = try await client.context(now)
                    post(.contextLoaded(sales: context.sales, acks: context.acks, at: now))
                    post(.levelsLoaded(try await client.levels(false)))
                } catch {
                    post(.levelsFailed(error.text(language)))
                }
            }
        case .expiryDueSoon:
            runner.post(.expiryDue, after: AlertsState.expiryLookSeconds)
        case .countExpiry:
            runner.background {
                let levels = try? await client.levels(true)
                let expiring = levels.map { levels in
                    Dictionary(levels.map { ($0.product.sku, $0.expiringWithin7Days ?? 0) }, uniquingKeysWith: { a, _ in a })
                }
                post(.expiryCounted(expiring, at: Date()))
            }
        case let .acknowledge(sku, hours):
            runner.work {
                do throws(StoreError) {
                    try await client.acknowledge(sku, hours.map { Date().addingTimeInterval($0 * 3_600) })
                    post(.done(words.acknowledged(sku, snoozed: hours != nil)))
                } catch { post(.failed(error.text(language))) }
            }
        case let .setThreshold(sku, value):
            runner.work {
                do throws(StoreError) {
                    try await client.setThreshold(sku, value)
                    post(.done(words.thresholdSet(sku, value)))
                } catch { post(.failed(error.text(language))) }
            }
        }
    }
}
