import ArgumentParser
import Foundation

/// `kameng-bench`: release-mode benchmarks that print figures beside a baseline measured in the same run,
/// and the worker processes the concurrency tests start.
@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kameng-bench",
        abstract: "Kameng benchmarks (build with -c release) and test workers.",
        subcommands: [DeliveryBench.self, DeliveryWorker.self, LedgerWorker.self, RenderBench.self, ImportBench.self, ImportPhase.self, IngestBench.self,
                      ConsoleBench.self, APIBench.self, StatementBench.self])
}
