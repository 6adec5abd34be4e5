import Foundation
import KamengDomain
import Testing
@_spi(Benchmark) @testable import KamengSQLite
import KamengStorage

/// The API's intake path: lines handed over in memory through an `IntakeFeed`, each naming its own
/// audit actor, for a run that lasts until the feed is closed.
@Suite("Intake: the in-memory feed")
struct IntakeFeedTests {
    /// What `onGroup` reported, gathered across the writer's calls.
    final class Reports: @unchecked Sendable {
        private let condition = NSCondition()
        private var numbers: [Int] = []
        private var outcomes: [Int: IntakeOutcome] = [:]

        func add(_ report: IntakeGroupReport) {
            condition.lock()
            for line in report.lines {
                numbers.append(line.number)
                outcomes[line.number] = line.outcome
            }
            condition.broadcast()
            condition.unlock()
        }

        var all: [Int] { condition.lock(); defer { condition.unlock() }; return numbers }
        func outcome(_ number: Int) -> IntakeOutcome? { condition.lock(); defer { condition.unlock() }; return outcomes[number] }

        /// Waits (up to `seconds`) until `count` numbers are reported.
        func wait(for count: Int, seconds: Double = 60) -> Bool {
            condition.lock()
            defer { condition.unlock() }
            let deadline = Date(timeIntervalSinceNow: seconds)
            while numbers.count < count { if !condition.wait(until: deadline) { return numbers.count >= count } }
            return true
        }
    }

    /// The outcome of a run on another thread, waited for with a timeout.
    final class RunResult: @unchecked Sendable {
        private let condition = NSCondition()
        private var result: Result<IntakeSummary, any Error>?

        func finish(_ value: Result<IntakeSummary, any Error>) {
            condition.lock()
            result = value
            condition.broadcast()
            condition.unlock()
        }

        func wait(seconds: Double) -> Result<IntakeSummary, any Error>? {
            condition.lock()
            defer { condition.unlock() }
            let deadline = Date(timeIntervalSinceNow: seconds)
            while result == nil { if !condition.wait(until: deadline) { break } }
            return result
        }
    }

    @Test("a group with lines from two substations writes one audit row per actor, each listing its own orders")
    func auditPerActor() throws {
        let f = try IntakeFixture()
        let feed = IntakeFeed(capacity: 100)
        #expect(feed.submit([f.line(f.order("A1")), f.line(f.payment("A1"))].map { Array($0.utf8) }, auditActor: "api:sh-a") == [1, 2])
        #expect(feed.submit([f.line(f.order("B1"), from: "sh-b")].map { Array($0.utf8) }, auditActor: "api:sh-b") == [3])
        #expect(feed.submit([f.line(f.order("A2"))].map { Array($0.utf8) }, auditActor: "api:sh-a") == [4])
        feed.close()
        var options = IntakeOptions(rules: .defaults, source: "api")
        options.groupMillis = 600_000   // one group: the closed feed ends it, not the clock
        let reports = Reports()
        let summary = try f.store.ingest(.feed(feed), options: options, by: f.t.admin, onGroup: reports.add)
        #expect(summary.groups == 1 && summary.orders.accepted == 3 && summary.delivered == 1)
        let rows = try f.store.auditTail(limit: 2).filter { $0.action == "intake.group" }.sorted { $0.actor < $1.actor }
        #expect(rows.map(\.actor) == ["api:sh-a", "api:sh-b"])
        #expect(rows.first?.detail == "orders 2: A1 A2; delivered 1: A1:1")
        #expect(rows.first?.target == "intake:api#1-4")
        #expect(rows.last?.detail == "orders 1: B1" && rows.last?.target == "intake:api#3-3")
        #expect(try f.store.verifyAudit() == .intact(rows: try f.count("SELECT count(*) FROM audit_log")))
    }

    @Test("onGroup reports every submitted number exactly once, blank and bad lines too; closing the feed ends the run")
    func everyNumberOnce() throws {
        let f = try IntakeFixture()
        let feed = IntakeFeed(capacity: 1_000)
        var options = IntakeOptions(rules: .defaults, source: "api")
        options.groupLines = 7
        let reports = Reports()
        let store = f.store, admin = f.t.admin, runOptions = options
        // On a thread of its own, as the API server runs it: the run blocks for as long as the feed is
        // open, and must not wait for a thread of the (small, busy) cooperative pool.
        let run = RunResult()
        Thread {
            run.finish(Result { try store.ingest(.feed(feed), options: runOptions, by: admin, onGroup: reports.add) })
        }.start()
        var submitted: [Int] = []
        for i in 0..<20 {
            let code = i % 2 == 0 ? "sh-a" : "sh-b"
            var block = [Array(f.line(f.order("E\(i)", ip: "10.7.0.\(i)"), from: code).utf8), Array(f.line(f.payment("E\(i)"), from: code).utf8)]
            if i == 5 { block.append(Array("   ".utf8)) }
            if i == 6 { block.append(Array(f.line(f.order("BAD"), from: "sh-a").replacingOccurrences(of: "\"sig\":\"", with: "\"sig\":\"0").utf8)) }
            submitted += try #require(feed.submit(block, auditActor: "api:\(code)"))
        }
        #expect(reports.wait(for: submitted.count), "reported \(reports.all.count) of \(submitted.count)")
        #expect(reports.all.sorted() == submitted && Set(submitted).count == submitted.count)
        #expect(reports.outcome(13) == .rejected(.malformed("blank line")))
        if case let .rejected(problem) = reports.outcome(16) { #expect(problem.reason == .badSignature) } else { Issue.record("line 16: \(String(describing: reports.outcome(16)))") }
        feed.close()
        let summary = try #require(run.wait(seconds: 120), "the run did not end once the feed was closed").get()
        #expect(summary.delivered == 20)
        #expect(reports.all.count == submitted.count)
        let actors = Set(try f.store.auditTail(limit: 100).filter { $0.action == "intake.group" }.map(\.actor))
        #expect(actors == ["api:sh-a", "api:sh-b"])
    }
}
