import Foundation
import KamengConsole
import KamengDomain
import KamengStorage
import KamengTestSupport
import Testing

/// The data clients tests start from: nothing answers that the test did not give, and what was called
/// is named, so an effect a test did not expect fails it instead of getting a plausible empty answer.
@Suite("ConsoleClients: unimplemented for tests")
struct ConsoleClientsTests {
    final class Names: @unchecked Sendable {
        private let lock = NSLock()
        private var names: [String] = []
        func append(_ name: String) { lock.withLock { names.append(name) } }
        var all: [String] { lock.withLock { names } }
    }

    @Test func everyCallOfAnUnimplementedClientIsNamedAndThrows() async {
        let names = Names()
        let clients = ConsoleClients.unimplemented(report: names.append)
        let request = OrdersRequest(kind: .reload, generation: 1, after: nil, limit: 50)
        await #expect(throws: StoreError.self) { _ = try await clients.orders.page(request) }
        await #expect(throws: StoreError.self) { _ = try await clients.alerts.levels(false) }
        await #expect(throws: StoreError.self) { _ = try await clients.imports.batches() }
        await #expect(throws: StoreError.self) { _ = try await clients.substations.health(Date()) }
        await #expect(throws: StoreError.self) { _ = try await clients.risk.held() }
        #expect(names.all == ["orders.page", "alerts.levels", "imports.batches", "substations.health", "risk.held"])
    }

    @Test func aClientTheTestGivesAnswersAndTheRestStayUnimplemented() async throws {
        let names = Names()
        var clients = ConsoleClients.unimplemented(report: names.append)
        let rows = Fixture.orders(0..<3)
        clients.orders.page = { _ throws(StoreError) in rows }
        let page = try await clients.orders.page(OrdersRequest(kind: .reload, generation: 1, after: nil, limit: 50))
        #expect(page == rows)
        await #expect(throws: StoreError.self) { _ = try await clients.orders.detail(rows[0]) }
        #expect(names.all == ["orders.detail"])
    }

    @Test func theLoopsStartAsksEveryPaneForItsFirstLoadAndNothingElse() {
        let data = LoopData(rows: Fixture.orders(0..<10))
        let backend = FakeBackend { backend in backend.lastText.contains("共 10 条订单") ? .char("q") : nil }
        let app = ConsoleApp(data, backend: backend)
        app.idleTimeoutMilliseconds = 10
        app.run()
        #expect(Set(data.calls).isSuperset(of: ["orders.page", "alerts.context", "alerts.levels", "imports.batches", "imports.levels"]))
        #expect(data.unexpected.names.isEmpty)
    }
}
