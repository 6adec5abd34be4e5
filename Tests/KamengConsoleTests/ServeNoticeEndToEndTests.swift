import AsyncHTTPClient
import Foundation
import KamengAPI
import KamengStorage
import Logging
import ServiceLifecycle
import Testing

/// Notices survive a restart: a shop whose receiver is down shows a backlog in `kameng outbox list`;
/// the server is killed, the receiver comes up, and the restarted server delivers the notice, signed,
/// with the keys the answer sealed. Every wait is for a condition.
@Suite("kameng serve end to end: notices", .serialized)
struct ServeNoticeEndToEndTests {
    /// What the stand-in shop received.
    final class Received: @unchecked Sendable {
        private let lock = NSLock()
        private var notices: [ReceivedNotice] = []
        func add(_ notice: ReceivedNotice) { lock.withLock { notices.append(notice) } }
        var all: [ReceivedNotice] { lock.withLock { notices } }
    }

    struct Waiting: Decodable {
        var id: Int64
        var orderNo: String
        var type: String
        var attempts: Int
        var lastError: String?
    }

    static let quiet = Logger(label: "kameng.test", factory: { _ in SwiftLogNoOpLogHandler() })

    /// A receiver on `port` (0: a free one) in a service group of its own; returns the group and the port.
    static func receiver(port: Int, secrets: [String: String], received: Received) async throws -> (ServiceGroup, Task<Void, Never>, Int) {
        let bound = Received.Port()
        let receiver = NoticeReceiver(port: port, secretFor: { secrets[$0] }, onNotice: { received.add($0) }, onListening: { bound.set($0) })
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: [.init(service: receiver)], gracefulShutdownSignals: [],
                                                                          logger: quiet))
        let running = Task { _ = try? await group.run() }
        try await ServeEndToEndTests.waitUntil("the receiver listening") { bound.value != nil }
        return (group, running, bound.value!)
    }

    @Test("a receiver that is down: backlog in outbox list; the notice survives SIGKILL and a restart, and arrives once it is up")
    func noticeSurvivesARestart() async throws {
        let world = try await ServeWorld.blocking { try ServeWorld("serve-notice", keys: 20, config: "[api]\nretry_base_seconds = 0.5\nretry_max_seconds = 2\n") }
        // A port nothing listens on: a receiver bound it, then stopped.
        let (probe, probing, port) = try await Self.receiver(port: 0, secrets: [:], received: Received())
        await probe.triggerGracefulShutdown()
        await probing.value
        try await ServeWorld.blocking { try world.run(["substation", "set", world.code, "--notify-url", "http://127.0.0.1:\(port)/notify/\(world.code)"]) }

        let server = try await ServeWorld.blocking { try world.serve() }
        let client = APIClient(baseURL: server.baseURL, substation: world.code, secret: world.secret, httpClient: .shared)
        let answer = try await client.postEvents(ServeEndToEndTests.lines(world, "NOTE-1"))
        let sealed = try #require(answer.results.last?.order?.keys, "the payment delivered the order")
        let keys = try DeliverySeal.open(sealed, secret: world.secret, substation: world.code, orderNo: "NOTE-1")

        func waiting() async throws -> [Waiting] {
            let json = try await ServeWorld.blocking { try world.run(["outbox", "list", "--json"]) }
            return try JSONDecoder().decode([Waiting].self, from: Data(json.utf8))
        }
        try await ServeEndToEndTests.waitUntil("the notice tried and failed") { try await waiting().first.map { $0.attempts >= 1 } ?? false }
        let backlog = try await waiting()
        #expect(backlog.count == 1 && backlog[0].orderNo == "NOTE-1" && backlog[0].type == "delivered" && backlog[0].lastError != nil)
        server.signal(SIGKILL)
        #expect(try await ServeWorld.blocking { server.waitForExit() } != nil)

        let received = Received()
        let (group, running, _) = try await Self.receiver(port: port, secrets: [world.code: world.secret], received: received)
        let again = try await ServeWorld.blocking { try world.serve() }
        try await ServeEndToEndTests.waitUntil("the notice delivered after the restart") { !received.all.isEmpty }
        try await ServeEndToEndTests.waitUntil("the outbox empty") { try await waiting().isEmpty }
        let notice = try #require(received.all.first)
        #expect(notice.id == backlog[0].id && notice.orderNo == "NOTE-1" && notice.type == "delivered" && notice.status == "delivered")
        let noticeKeys = try #require(notice.keys)
        #expect(try DeliverySeal.open(noticeKeys, secret: world.secret, substation: world.code, orderNo: "NOTE-1") == keys)
        #expect(Set(received.all.map(\.id)) == [notice.id], "repeats, if any, carry the same id")
        again.signal(SIGTERM)
        #expect(try await ServeWorld.blocking { again.waitForExit() } == 0)
        await group.triggerGracefulShutdown()
        await running.value
    }
}

extension ServeNoticeEndToEndTests.Received {
    /// The port a receiver reports once bound.
    final class Port: @unchecked Sendable {
        private let lock = NSLock()
        private var port: Int?
        func set(_ value: Int) { lock.withLock { port = value } }
        var value: Int? { lock.withLock { port } }
    }
}
