import AsyncHTTPClient
import Foundation
import GRDB
import KamengAPI
import KamengDomain
import KamengStorage
import Testing

@Suite("API: POST /v1/events and GET /v1/orders over HTTP", .serialized)
struct EventsTests {
    @Test("order + payment: the answer's SEALED opens to exactly the keys the reveal shows; the same through GET")
    func deliveredKeys() async throws {
        let world = try await APIWorld.start()
        do {
            let shop = world.client("sh-a")
            let answer = try await shop.postEvents([world.line(world.order("SH-1", quantity: 2), from: "sh-a"),
                                                    world.line(world.payment("SH-1", quantity: 2), from: "sh-a")])
            #expect(answer.results.map(\.line) == [1, 2])
            #expect(answer.results.map(\.status) == ["accepted", "accepted"])
            let paid = try #require(answer.results[1].order)
            #expect(paid.orderNo == "SH-1" && paid.status == "delivered")
            let sealed = try #require(paid.keys)
            let secret = world.secrets["sh-a"]!
            let revealed = try await world.revealed("SH-1")
            #expect(revealed.count == 2)
            #expect(try DeliverySeal.open(sealed, secret: secret, substation: "sh-a", orderNo: "SH-1") == revealed)
            let independent = try SealingTests.openIndependently(sealed, secret: secret, substation: "sh-a", orderNo: "SH-1")
            #expect(try JSONDecoder().decode([DeliveredKeyText].self, from: independent) == revealed)

            let fetched = try #require(try await shop.fetchOrder("SH-1"))
            #expect(fetched.status == "delivered")
            #expect(try DeliverySeal.open(try #require(fetched.keys), secret: secret, substation: "sh-a", orderNo: "SH-1") == revealed)
            // Another shop asking for it, and an order that does not exist: the same 404.
            #expect(try await world.client("sh-b").fetchOrder("SH-1") == nil)
            #expect(try await shop.fetchOrder("SH-404") == nil)
        } catch {
            try await world.stop()
            throw error
        }
        try await world.stop()
    }

    @Test("a heartbeat's order is null; an order not yet paid has no keys")
    func shapes() async throws {
        let world = try await APIWorld.start()
        do {
            let answer = try await world.client("sh-a").postEvents([world.line(world.heartbeat(at: 5), from: "sh-a"),
                                                                    world.line(world.order("SH-2"), from: "sh-a")])
            #expect(answer.results[0].status == "accepted" && answer.results[0].order == nil && answer.results[0].reason == nil)
            #expect(answer.results[1].order == OrderAnswer(orderNo: "SH-2", status: "pending", keys: nil))
        } catch {
            try await world.stop()
            throw error
        }
        try await world.stop()
    }

    @Test("a line with a bad signature inside a good request is rejected as bad_signature, recorded, and the others go through")
    func badLine() async throws {
        let world = try await APIWorld.start()
        do {
            let forged = world.line(world.order("SH-3"), from: "sh-a", secret: String(repeating: "0", count: 64))
            let answer = try await world.client("sh-a").postEvents([world.line(world.order("SH-4"), from: "sh-a"), "", forged])
            #expect(answer.results.map(\.line) == [1, 3])
            #expect(answer.results[0].status == "accepted")
            #expect(answer.results[1].status == "rejected" && answer.results[1].reason == "bad_signature" && answer.results[1].order == nil)
            let rows = try DatabaseQueue(path: world.directory.appendingPathComponent("db/kameng.sqlite").path).read { db in
                try Row.fetchAll(db, sql: "SELECT substation, reason, line FROM intake_rejections")
            }
            #expect(rows.count == 1)
            #expect(rows.first?["substation"] as String? == "sh-a" && rows.first?["reason"] as String? == "bad_signature")
            #expect(try await world.engine.orders(orderNo: "SH-3").isEmpty)
        } catch {
            try await world.stop()
            throw error
        }
        try await world.stop()
    }

    @Test("a line naming another substation inside a request is rejected and never applied")
    func otherSubstationsLine() async throws {
        let world = try await APIWorld.start()
        do {
            let answer = try await world.client("sh-a").postEvents([world.line(world.order("SH-5"), from: "sh-b")])
            #expect(answer.results.first?.status == "rejected")
            #expect(try await world.engine.orders(orderNo: "SH-5").isEmpty)
        } catch {
            try await world.stop()
            throw error
        }
        try await world.stop()
    }

    @Test("a replayed request: every line a duplicate, nothing changed, the keys sealed again for the delivered order")
    func replay() async throws {
        let world = try await APIWorld.start()
        do {
            let shop = world.client("sh-a")
            let lines = [world.line(world.order("SH-6"), from: "sh-a"), world.line(world.payment("SH-6"), from: "sh-a"),
                         world.line(world.heartbeat(at: 9), from: "sh-a")]
            let body = Array(lines.joined(separator: "\n").utf8)
            let request = shop.eventsRequest(body: body, json: false)
            let first = try await shop.send(request)
            #expect(first.status == 200)
            let before = try await world.snapshot()
            let again = try await shop.send(request)
            #expect(again.status == 200)
            let answer = try JSONDecoder().decode(EventsAnswer.self, from: again.body)
            #expect(answer.results.map(\.status) == ["duplicate", "duplicate", "duplicate"])
            #expect(try await world.snapshot() == before)
            let revealed = try await world.revealed("SH-6")
            for result in answer.results.prefix(2) {
                let keys = try #require(result.order?.keys, "a duplicate of a delivered order's line carries its keys")
                #expect(try DeliverySeal.open(keys, secret: world.secrets["sh-a"]!, substation: "sh-a", orderNo: "SH-6") == revealed)
            }
        } catch {
            try await world.stop()
            throw error
        }
        try await world.stop()
    }
}
