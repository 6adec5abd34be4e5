import AsyncHTTPClient
import Foundation
import KamengAPI
import KamengDomain
import KamengStorage
import Logging
import ServiceLifecycle
import Testing

/// A shop's notice endpoint for a test: a NoticeReceiver in its own ServiceGroup.
final class TestReceiver: @unchecked Sendable {
    let attempts: Locked<[ReceivedNotice]>
    let accepted: Locked<[ReceivedNotice]>
    private let group: ServiceGroup
    private let running: Task<Void, any Error>
    let port: Int

    /// `failFirst` attempts are answered 500, the rest 200.
    static func start(secretFor: @escaping @Sendable (String) -> String?, failFirst: Int) async throws -> TestReceiver {
        let attempts = Locked<[ReceivedNotice]>([])
        let accepted = Locked<[ReceivedNotice]>([])
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let receiver = NoticeReceiver(secretFor: secretFor, answer: { notice in
            let n = attempts.withLock { $0.append(notice); return $0.count }
            return n <= failFirst ? 500 : 200
        }, onNotice: { notice in accepted.withLock { $0.append(notice) } }, onListening: { continuation.yield($0) })
        var logger = Logger(label: "kameng.api.test.receiver")
        logger.logLevel = .warning
        let group = ServiceGroup(configuration: .init(services: [receiver], logger: logger))
        let running = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        guard let port = try await withTimeout(seconds: 60, "the receiver to listen", { await ports.first { _ in true } }) else {
            throw WorldError("the receiver stopped before it listened")
        }
        return TestReceiver(group: group, running: running, port: port, attempts: attempts, accepted: accepted)
    }

    private init(group: ServiceGroup, running: Task<Void, any Error>, port: Int, attempts: Locked<[ReceivedNotice]>,
                 accepted: Locked<[ReceivedNotice]>) {
        self.group = group
        self.running = running
        self.port = port
        self.attempts = attempts
        self.accepted = accepted
    }

    func url(_ code: String) -> String { "http://127.0.0.1:\(port)/notify/\(code)" }

    func stop() async throws {
        await group.triggerGracefulShutdown()
        try await running.value
    }
}

@Suite("API: the outbox sender", .serialized)
struct OutboxTests {
    static var quickRetries: APISettings {
        var settings = APISettings.defaults
        settings.retryBaseSeconds = 0.05
        settings.retryMaxSeconds = 0.2
        settings.notifyTimeoutSeconds = 5
        return settings
    }

    @Test("a shop that fails three times then accepts gets the notice accepted once; every attempt carries the same id and the keys")
    func failThenAccept() async throws {
        let secrets = Locked<[String: String]>([:])
        let receiver = try await TestReceiver.start(secretFor: { code in secrets.withLock { $0[code] } }, failFirst: 3)
        let world = try await APIWorld.start(settings: Self.quickRetries)
        do {
            secrets.withLock { $0 = world.secrets }
            try await world.engine.setSubstationNotifyURL(code: "sh-a", url: receiver.url("sh-a"), by: world.admin)
            _ = try await world.client("sh-a").postEvents([world.line(world.order("SH-N1"), from: "sh-a"),
                                                           world.line(world.payment("SH-N1"), from: "sh-a")])
            try await waitUntil("the notice to be accepted") { !receiver.accepted.current.isEmpty }
            try await waitUntil("the outbox to record the delivery") {
                try await world.engine.outbox(substation: "sh-a", includeDelivered: true, limit: 10).allSatisfy { $0.deliveredAt != nil }
            }
            let attempts = receiver.attempts.current
            let accepted = receiver.accepted.current
            #expect(attempts.count == 4)
            #expect(accepted.count == 1)
            #expect(Set(attempts.map(\.id)).count == 1, "repeats carry the same id")
            let notice = try #require(accepted.first)
            #expect(notice.type == "delivered" && notice.orderNo == "SH-N1" && notice.status == "delivered" && notice.substation == "sh-a")
            let keys = try DeliverySeal.open(try #require(notice.keys), secret: world.secrets["sh-a"]!, substation: "sh-a", orderNo: "SH-N1")
            let revealed = try await world.revealed("SH-N1")
            #expect(keys == revealed)
            let outbox = try await world.engine.outbox(substation: "sh-a", includeDelivered: true, limit: 10)
            #expect(outbox.count == 1 && outbox.first?.attempts == 4 && outbox.first?.id == notice.id)
        } catch {
            try await world.stop()
            try await receiver.stop()
            throw error
        }
        try await world.stop()
        try await receiver.stop()
    }

    @Test("a shop that is down shows as backlog and failing in the API figures, and the notice stays in the outbox")
    func shopDown() async throws {
        let world = try await APIWorld.start(settings: Self.quickRetries)
        do {
            // A port nobody listens on: bound and closed again by a receiver that has stopped.
            let gone = try await TestReceiver.start(secretFor: { _ in nil }, failFirst: 0)
            let url = gone.url("sh-a")
            try await gone.stop()
            try await world.engine.setSubstationNotifyURL(code: "sh-a", url: url, by: world.admin)
            _ = try await world.client("sh-a").postEvents([world.line(world.order("SH-N2"), from: "sh-a"),
                                                           world.line(world.payment("SH-N2"), from: "sh-a")])
            try await waitUntil("the failures to show") {
                let tally = try await world.engine.apiTraffic(since: Date().addingTimeInterval(-3600))["sh-a"]
                return (tally?.backlog ?? 0) >= 1 && (tally?.failing ?? 0) >= 1 && (tally?.requests ?? 0) >= 1
            }
            let outbox = try await world.engine.outbox(substation: "sh-a", includeDelivered: false, limit: 10)
            #expect(outbox.count == 1 && outbox.first?.deliveredAt == nil && (outbox.first?.attempts ?? 0) >= 1)
            #expect(outbox.first?.lastError != nil)
        } catch {
            try await world.stop()
            throw error
        }
        try await world.stop()
    }

    @Test("notices survive a restart: written while the shop is down, delivered by the next server once it is up")
    func survivesRestart() async throws {
        let world = try await APIWorld.start(settings: Self.quickRetries)
        let secrets = Locked<[String: String]>([:])
        var receiver: TestReceiver?
        do {
            let gone = try await TestReceiver.start(secretFor: { _ in nil }, failFirst: 0)
            let url = gone.url("sh-a")
            try await gone.stop()
            try await world.engine.setSubstationNotifyURL(code: "sh-a", url: url, by: world.admin)
            _ = try await world.client("sh-a").postEvents([world.line(world.order("SH-N3"), from: "sh-a"),
                                                           world.line(world.payment("SH-N3"), from: "sh-a")])
            try await waitUntil("a failed attempt") {
                try await world.engine.outbox(substation: "sh-a", includeDelivered: false, limit: 10).first.map { $0.attempts >= 1 } ?? false
            }
            try await world.restart()
            secrets.withLock { $0 = world.secrets }
            let up = try await TestReceiver.start(secretFor: { code in secrets.withLock { $0[code] } }, failFirst: 0)
            receiver = up
            try await world.engine.setSubstationNotifyURL(code: "sh-a", url: up.url("sh-a"), by: world.admin)
            try await waitUntil("the notice to arrive after the restart") { !up.accepted.current.isEmpty }
            let notice = try #require(up.accepted.current.first)
            #expect(notice.orderNo == "SH-N3" && notice.type == "delivered")
            try await waitUntil("the outbox to record the delivery") {
                try await world.engine.outbox(substation: "sh-a", includeDelivered: false, limit: 10).isEmpty
            }
        } catch {
            try await world.stop()
            try await receiver?.stop()
            throw error
        }
        try await world.stop()
        try await receiver?.stop()
    }
}
