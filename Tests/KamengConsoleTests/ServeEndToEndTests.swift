import AsyncHTTPClient
import Foundation
import KamengAPI
import KamengDomain
import KamengStorage
import KamengTestSupport
import Testing

/// `kameng serve`, the real binary on a real database, driven over HTTP from this process: killed and
/// stopped under load, and restarted. What a shop was told is what the database holds: every order
/// answered `delivered` is delivered with the keys the answer sealed, no key is sold twice, and no
/// request is applied without its answer reaching the shop. Every wait is for a condition.
@Suite("kameng serve end to end", .serialized)
struct ServeEndToEndTests {
    /// An order and its payment, signed as the shop signs them.
    static func lines(_ world: ServeWorld, _ orderNo: String) -> [String] {
        let at = Date()
        return [
            TestIntake.line(.order(IntakeOrder(orderNo: orderNo, product: world.sku, quantity: 1, amount: Money(fen: 100), buyer: "b-\(orderNo)",
                                               ip: "10.9.\(abs(orderNo.hashValue) % 250).\(abs(orderNo.hashValue / 7) % 250)",
                                               device: "d-\(orderNo)", at: at)),
                            substation: world.code, secret: world.secret),
            TestIntake.line(.payment(IntakePayment(orderNo: orderNo, amount: Money(fen: 100), method: .alipay, txn: "t-\(orderNo)", at: at)),
                            substation: world.code, secret: world.secret),
        ]
    }

    /// What the shops were told, by order number.
    final class Told: @unchecked Sendable {
        private let lock = NSLock()
        private var delivered: [String: [DeliveredKeyText]] = [:]
        private var unanswered: Set<String> = []
        private var sent: Set<String> = []
        func send(_ orderNo: String) { lock.withLock { _ = sent.insert(orderNo) } }
        func deliver(_ orderNo: String, _ keys: [DeliveredKeyText]) { lock.withLock { delivered[orderNo] = keys } }
        func lose(_ orderNo: String) { lock.withLock { _ = unanswered.insert(orderNo) } }
        var deliveredOrders: [String: [DeliveredKeyText]] { lock.withLock { delivered } }
        var unansweredOrders: Set<String> { lock.withLock { unanswered } }
        var sentOrders: Set<String> { lock.withLock { sent } }
    }

    /// Workers that each send one order and its payment per request, as fast as the server answers,
    /// until `running` says stop or a request fails to get an answer.
    static func load(_ world: ServeWorld, _ client: APIClient, workers: Int, told: Told, running: @escaping @Sendable () -> Bool) async {
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var i = 0
                    while running() {
                        let orderNo = "W\(worker)N\(i)R\(UInt16.random(in: 0...UInt16.max))"
                        i += 1
                        told.send(orderNo)
                        do {
                            let answer = try await client.postEvents(lines(world, orderNo))
                            if let order = answer.results.last?.order, order.status == "delivered", let sealed = order.keys {
                                let keys = try DeliverySeal.open(sealed, secret: world.secret, substation: world.code, orderNo: orderNo)
                                told.deliver(orderNo, keys)
                            }
                        } catch {
                            // No answer (the server went away mid-request, or refused the connection).
                            told.lose(orderNo)
                            return
                        }
                    }
                }
            }
        }
    }

    static func waitUntil(_ what: String, seconds: Double = 300, _ condition: () async throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while try await !condition() {
            guard Date() < deadline else { throw ServeWorld.Failure("timed out waiting for \(what)") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// After a restart: every order the shop was told is delivered is, with the same keys; no key is in
    /// two orders; an order whose request got no answer was either applied whole or not at all, and is
    /// never delivered twice.
    static func checkAfterRestart(_ world: ServeWorld, _ client: APIClient, _ told: Told) async throws {
        var owner: [String: String] = [:]
        for orderNo in told.sentOrders.sorted() {
            let state = try await client.fetchOrder(orderNo)
            if let keys = told.deliveredOrders[orderNo] {
                let fetched = try #require(state, "\(orderNo) was answered delivered and is unknown after the restart")
                #expect(fetched.status == "delivered", "\(orderNo): \(fetched.status)")
                let opened = try fetched.keys.map { try DeliverySeal.open($0, secret: world.secret, substation: world.code, orderNo: orderNo) }
                #expect(opened == keys, "\(orderNo): other keys after the restart")
            }
            guard let state, state.status == "delivered", let sealed = state.keys else { continue }
            for key in try DeliverySeal.open(sealed, secret: world.secret, substation: world.code, orderNo: orderNo) {
                if let other = owner[key.secret] { Issue.record("one key sold to \(other) and \(orderNo)") }
                owner[key.secret] = orderNo
            }
        }
    }

    /// The canary check for the API: the servers' logs (standard output and error of every run) hold no
    /// delivered key, in plain text, hex or base64, and not the substation's secret.
    static func checkLogs(_ world: ServeWorld, _ told: Told) throws {
        let logs = try FileManager.default.contentsOfDirectory(at: world.dir, includingPropertiesForKeys: nil)
            .filter { $0.lastPathComponent.hasPrefix("serve-") }
            .map { try Data(contentsOf: $0) }
        #expect(logs.count >= 4, "two runs, each with its output and its log")
        let keys = told.deliveredOrders.values.flatMap { $0.map(\.secret) }
        #expect(!keys.isEmpty)
        for canary in keys + [world.secret] {
            let forms = [Data(canary.utf8), Data(Data(canary.utf8).map { String(format: "%02x", $0) }.joined().utf8),
                         Data(Data(canary.utf8).base64EncodedString().utf8)]
            for log in logs where forms.contains(where: { log.range(of: $0) != nil }) {
                Issue.record("a key or the secret is in a server log (\(log.count) bytes)")
            }
        }
    }

    @Test("SIGKILL under load, then restart: every order answered delivered is delivered with its keys, none twice")
    func killedUnderLoad() async throws {
        let world = try await ServeWorld.blocking { try ServeWorld("serve-kill", keys: 3_000) }
        let http = HTTPClient.shared
        let server = try await ServeWorld.blocking { try world.serve() }
        let told = Told()
        let client = APIClient(baseURL: server.baseURL, substation: world.code, secret: world.secret, httpClient: http)
        let stop = Flag()
        async let loaded: Void = Self.load(world, client, workers: 16, told: told, running: { !stop.isSet })
        try await Self.waitUntil("100 orders answered delivered") { told.deliveredOrders.count >= 100 }
        server.signal(SIGKILL)
        #expect(try await ServeWorld.blocking { server.waitForExit() } != nil)
        stop.set()
        await loaded
        let again = try await ServeWorld.blocking { try world.serve() }
        let client2 = APIClient(baseURL: again.baseURL, substation: world.code, secret: world.secret, httpClient: http)
        try await Self.checkAfterRestart(world, client2, told)
        try Self.checkLogs(world, told)
        // Sending it all again changes nothing: the answered orders come back as duplicates with their keys.
        for (orderNo, keys) in told.deliveredOrders.prefix(50) {
            let answer = try await client2.postEvents(Self.lines(world, orderNo))
            #expect(answer.results.map(\.status) == ["duplicate", "duplicate"], "\(orderNo)")
            let sealed = try #require(answer.results.last?.order?.keys)
            #expect(try DeliverySeal.open(sealed, secret: world.secret, substation: world.code, orderNo: orderNo) == keys)
        }
    }

    @Test("SIGTERM under load: every request applied was answered, the process exits 0, and a restart holds what was answered")
    func stoppedUnderLoad() async throws {
        let world = try await ServeWorld.blocking { try ServeWorld("serve-term", keys: 3_000) }
        let http = HTTPClient.shared
        let server = try await ServeWorld.blocking { try world.serve() }
        let told = Told()
        let client = APIClient(baseURL: server.baseURL, substation: world.code, secret: world.secret, httpClient: http)
        async let loaded: Void = Self.load(world, client, workers: 16, told: told, running: { true })
        try await Self.waitUntil("100 orders answered delivered") { told.deliveredOrders.count >= 100 }
        server.signal(SIGTERM)
        #expect(try await ServeWorld.blocking { server.waitForExit() } == 0, "kameng serve exits 0 on SIGTERM")
        await loaded
        let again = try await ServeWorld.blocking { try world.serve() }
        let client2 = APIClient(baseURL: again.baseURL, substation: world.code, secret: world.secret, httpClient: http)
        try await Self.checkAfterRestart(world, client2, told)
        // A request that got no answer was not applied: a graceful stop answers whatever it accepted.
        for orderNo in told.unansweredOrders {
            #expect(try await client2.fetchOrder(orderNo) == nil, "\(orderNo) was applied but its answer never came")
        }
        try Self.checkLogs(world, told)
    }
}

/// A flag set once, read from many tasks.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
