import ArgumentParser
import Foundation
import KamengDomain
import KamengStorage

/// `kameng reconcile [--day DATE] [--json] [--stale-minutes N]`: payments, deliveries and charges of
/// one UTC+8 day's orders compared; exit 1 when any anomaly is unexplained.
struct ReconcileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Compare payments, deliveries and ledger charges of a day's orders; exit 1 when an anomaly is unexplained.",
        discussion: """
            Lists each anomaly with its order: paid but not delivered after --stale-minutes, delivered without a charge, \
            a charge without a delivery, a second payment, an amount paid that is not the order's. An anomaly is explained \
            when its order waits for stock or funds or is held for review.
            """)
    @OptionGroup var global: GlobalOptions
    @Option(help: ArgumentHelp("The day whose orders to check (UTC+8; default today).", valueName: "YYYY-MM-DD")) var day: String?
    @Flag(help: "Print JSON.") var json = false
    @Option(name: .customLong("stale-minutes"), help: "Paid orders not delivered after this many minutes are anomalies.")
    var staleMinutes: Int = 30

    func run() async throws {
        guard (0...100_000).contains(staleMinutes) else { throw CLIError(message: "--stale-minutes: 0–100000", code: 2) }
        let now = Date()
        let date = try day.map { try LedgerInput.day($0, option: "--day") } ?? BusinessDay(containing: now)
        let store = try await LedgerInput.openToRead(global)
        let report = try await store.reconcile(days: BusinessDays(from: date, to: date), staleAfter: TimeInterval(staleMinutes * 60), now: now)
        let unexplained = report.unexplained.count
        if json {
            try Output.json(ReconciliationJSON(report))
        } else {
            Output.say("Reconciled \(report.orders) order(s) created on \(date) (UTC+8): \(report.anomalies.count) anomaly(ies), \(unexplained) unexplained.")
            if !report.anomalies.isEmpty {
                Output.table(["KIND", "ORDER", "SUBSTATION", "STATUS", "EXPLAINED", "DETAIL"],
                             report.anomalies.map { [$0.kind.rawValue, $0.orderNo, $0.substationCode, $0.status.rawValue,
                                                     $0.isExplained ? "yes" : "no", $0.detail] })
            }
        }
        if unexplained > 0 { throw CLIError(message: "\(unexplained) unexplained anomaly(ies) on \(date)") }
    }
}

/// The stable JSON shape of a reconciliation (documented in Docs/CLI.md).
struct ReconciliationJSON: Codable {
    struct Anomaly: Codable {
        var kind: String, orderId: Int64, orderNo: String, substation: String, status: String, explained: Bool, detail: String
    }
    var from: String, to: String, orders: Int, unexplained: Int, anomalies: [Anomaly]

    init(_ r: ReconciliationReport) {
        from = r.days.from.description; to = r.days.to.description; orders = r.orders; unexplained = r.unexplained.count
        anomalies = r.anomalies.map {
            Anomaly(kind: $0.kind.rawValue, orderId: $0.orderId, orderNo: $0.orderNo, substation: $0.substationCode,
                    status: $0.status.rawValue, explained: $0.isExplained, detail: $0.detail)
        }
    }
}
