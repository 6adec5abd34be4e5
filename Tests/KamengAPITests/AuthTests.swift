import AsyncHTTPClient
import Foundation
import KamengAPI
import KamengDomain
import KamengStorage
import Testing

@Suite("API: request authentication", .serialized)
struct AuthTests {
    static func expectStatus(_ expected: Int, _ body: () async throws -> Void) async {
        do {
            try await body()
            Issue.record("expected \(expected), got 200")
        } catch let APIClientError.status(code, error, _) {
            #expect(code == expected)
            #expect(error != nil, "every error is {\"error\", \"message\"}")
        } catch {
            Issue.record("expected \(expected), got \(error)")
        }
    }

    @Test("a wrong signature, another substation's secret, a stale timestamp, an unknown code: 401 and nothing applied")
    func refusals() async throws {
        let world = try await APIWorld.start()
        do {
            let line = world.line(world.order("SH-A1"), from: "sh-a")
            await Self.expectStatus(401) { _ = try await world.client("sh-a", secret: String(repeating: "1", count: 64)).postEvents([line]) }
            await Self.expectStatus(401) { _ = try await world.client("sh-a", secret: world.secrets["sh-b"]!).postEvents([line]) }
            var stale = world.client("sh-a")
            // Well past the ±300 s: a request that waits on a loaded machine must not drift back inside it.
            stale.now = { Date().addingTimeInterval(-600) }
            await Self.expectStatus(401) { _ = try await stale.postEvents([line]) }
            var future = world.client("sh-a")
            future.now = { Date().addingTimeInterval(600) }
            await Self.expectStatus(401) { _ = try await future.postEvents([line]) }
            await Self.expectStatus(401) { _ = try await world.client("sh-nobody", secret: world.secrets["sh-a"]!).postEvents([line]) }
            await Self.expectStatus(401) { _ = try await world.client("sh-a", secret: world.secrets["sh-b"]!).fetchOrder("SH-A1") }
            #expect(try await world.engine.orders(orderNo: "SH-A1").isEmpty)
            // The same line, properly signed, goes through: the refusals were about the request.
            _ = try await world.client("sh-a").postEvents([line])
            #expect(try await world.engine.orders(orderNo: "SH-A1").count == 1)
        } catch {
            try await world.stop()
            throw error
        }
        try await world.stop()
    }

    @Test("a suspended substation gets 401")
    func suspended() async throws {
        let world = try await APIWorld.start()
        do {
            try await world.engine.setSubstationStatus(code: "sh-b", to: .suspended, by: world.admin)
            // The server remembers credentials for a second; a suspension is seen after that.
            try await waitUntil("the suspension to be seen") {
                do {
                    _ = try await world.client("sh-b").postEvents([world.line(world.heartbeat(at: 1), from: "sh-b")])
                    return false
                } catch APIClientError.status(401, _, _) {
                    return true
                }
            }
        } catch {
            try await world.stop()
            throw error
        }
        try await world.stop()
    }

    @Test("a rotated secret: the old one signs requests during the grace period only; SEALED uses the new one at once")
    func rotation() async throws {
        let world = try await APIWorld.start()
        do {
            let original = world.secrets["sh-a"]!
            _ = try await world.client("sh-a").postEvents([world.line(world.order("SH-R1"), from: "sh-a"),
                                                           world.line(world.payment("SH-R1"), from: "sh-a")])
            let revealed = try await world.revealed("SH-R1")
            let rotated = try await world.engine.rotateSubstationSecret(code: "sh-a", grace: 3600, by: world.admin,
                                                                        stepUp: try await world.stepUpCode())
            // Within the grace period the old secret still signs a request; the keys come sealed with the new one.
            let fetched = try #require(try await world.client("sh-a", secret: original).fetchOrder("SH-R1"))
            let sealed = try #require(fetched.keys)
            #expect(try DeliverySeal.open(sealed, secret: rotated, substation: "sh-a", orderNo: "SH-R1") == revealed)
            #expect(throws: DeliverySealError.notAuthentic) {
                try DeliverySeal.open(sealed, secret: original, substation: "sh-a", orderNo: "SH-R1")
            }
            let replayed = try await world.client("sh-a", secret: original).postEvents([world.line(world.payment("SH-R1"), from: "sh-a", secret: rotated)])
            let replayedKeys = try #require(replayed.results.first?.order?.keys)
            #expect(try DeliverySeal.open(replayedKeys, secret: rotated, substation: "sh-a", orderNo: "SH-R1") == revealed)

            // A second rotation with no grace: neither earlier secret signs any more (the server's one-second
            // memory of credentials may let one through just after, so this waits for the refusal).
            let newest = try await world.engine.rotateSubstationSecret(code: "sh-a", grace: 0, by: world.admin,
                                                                       stepUp: try await world.stepUpCode())
            for old in [original, rotated] {
                try await waitUntil("a request signed with a retired secret to be refused") {
                    do {
                        _ = try await world.client("sh-a", secret: old).postEvents([world.line(world.heartbeat(at: 1), from: "sh-a", secret: newest)])
                        return false
                    } catch APIClientError.status(401, _, _) {
                        return true
                    }
                }
            }
            #expect(try await world.client("sh-a", secret: newest).fetchOrder("SH-R1")?.status == "delivered")
        } catch {
            try await world.stop()
            throw error
        }
        try await world.stop()
    }
}
