import AsyncHTTPClient
import Foundation
import KamengAPI
import KamengDomain
import KamengStorage
import Testing

@Suite("API: secrets and keys stay out of logs and error answers", .serialized)
struct CanaryTests {
    @Test("after deliveries, fetches, refusals and a notice, no secret, key or signature is in any log line (trace level) or error body")
    func canary() async throws {
        let logs = LogCapture()
        var settings = OutboxTests.quickRetries
        settings.keyFetchesPerHour = 1
        let world = try await APIWorld.start(settings: settings, logs: logs)
        let secrets = Locked<[String: String]>([:])
        let receiver = try await TestReceiver.start(secretFor: { code in secrets.withLock { $0[code] } }, failFirst: 1)
        var bodies: [String] = []
        var signatures: [String] = []
        do {
            secrets.withLock { $0 = world.secrets }
            try await world.engine.setSubstationNotifyURL(code: "sh-a", url: receiver.url("sh-a"), by: world.admin)
            let shop = world.client("sh-a")
            let request = shop.eventsRequest(body: Array([world.line(world.order("SH-C1"), from: "sh-a"),
                                                          world.line(world.payment("SH-C1"), from: "sh-a")].joined(separator: "\n").utf8), json: false)
            signatures.append(try #require(request.headers.first(name: "X-Kameng-Signature")))
            #expect(try await shop.send(request).status == 200)
            _ = try await shop.fetchOrder("SH-C1")
            // Refusals: too many fetches, a wrong secret, a forged line.
            let refused = try await shop.send(HTTPClientRequest(url: world.baseURL + "/v1/orders/SH-C1"))
            bodies.append(String(decoding: refused.body, as: UTF8.self))
            do { _ = try await shop.fetchOrder("SH-C1") } catch let APIClientError.status(_, body, _) { bodies.append(body?.message ?? "") }
            do {
                _ = try await world.client("sh-a", secret: world.secrets["sh-b"]!).postEvents([world.line(world.heartbeat(at: 1), from: "sh-a")])
            } catch let APIClientError.status(_, body, _) { bodies.append(body?.message ?? "") }
            try await waitUntil("the notice to be accepted") { !receiver.accepted.current.isEmpty }
            let keys = try await world.revealed("SH-C1")
            let canaries = Array(world.secrets.values) + keys.map(\.secret) + signatures
            let logged = logs.lines.current
            #expect(logged.contains { $0.contains("request") }, "the access log was not captured")
            for canary in canaries {
                #expect(!logged.contains { $0.contains(canary) }, "a secret, key or signature reached the log")
                #expect(!bodies.contains { $0.contains(canary) }, "a secret, key or signature reached an error answer")
            }
        } catch {
            try await world.stop()
            try await receiver.stop()
            throw error
        }
        try await world.stop()
        try await receiver.stop()
    }
}
