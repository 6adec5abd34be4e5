import Foundation
import KamengDomain
import KamengStorage
import Testing

/// Lists page by key (created at, id), newest first: "strictly older than `after`, at most `limit`".
@Suite("Conformance: paging orders by key")
struct PagingConformance {
    /// 29 orders over two substations and two products; three at a time share a creation instant, so
    /// page boundaries fall inside runs of equal times and only the id tells them apart. Instants within
    /// a minute are a millisecond apart: an engine may key some lists by another form of the time (the
    /// SQLite engine's `created_ms`), and the order must not change by a millisecond.
    static let count = 29

    static func setUp(_ factory: any EngineFactory) async throws -> EngineWorld {
        let world = try await EngineWorld.make(factory)
        try await world.addProduct("PG-1")
        try await world.addProduct("PG-2")
        try await world.openSubstation("sh-a")
        try await world.openSubstation("sh-b")
        // Out of time order on purpose: the list's order must come from the key, not from insertion.
        let numbers = (0..<count).map { ($0 * 7) % count }
        let lines = try numbers.map { n in
            try world.line(world.order("G\(n)", sku: n % 3 == 0 ? "PG-2" : "PG-1", at: Double(n / 9) * 60 + Double(n / 3) * 0.001),
                           from: n.isMultiple(of: 2) ? "sh-a" : "sh-b")
        }
        #expect(try await world.ingest(lines, groupLines: 5).orders.accepted == count)
        return world
    }

    /// Every page of `query`, each asked after the last row of the one before.
    static func pages(_ engine: any KamengEngine, _ query: OrderQuery, limit: Int) async throws -> [[OrderSummary]] {
        var pages: [[OrderSummary]] = []
        var after: OrderPageKey?
        while true {
            let page = try await engine.orders(query: query, after: after, limit: limit)
            #expect(page.count <= limit)
            if page.isEmpty { return pages }
            pages.append(page)
            after = OrderPageKey(page[page.count - 1])
            try #require(pages.count <= 100, "paging does not end")
        }
    }

    static func newerFirst(_ a: OrderSummary, _ b: OrderSummary) -> Bool {
        (a.order.createdAt, a.order.id ?? 0) > (b.order.createdAt, b.order.id ?? 0)
    }

    /// Pages are disjoint, each newest first and all older than the page before, and together they are `expected`.
    static func check(_ pages: [[OrderSummary]], cover expected: [OrderSummary], _ label: String) {
        let all = pages.flatMap { $0 }
        let ids = all.compactMap(\.order.id)
        #expect(ids.count == all.count && Set(ids).count == ids.count, "\(label): an order is listed twice")
        #expect(Set(ids) == Set(expected.compactMap(\.order.id)), "\(label): the pages list \(ids.count) of \(expected.count) orders")
        for (a, b) in zip(all, all.dropFirst()) {
            #expect(newerFirst(a, b), "\(label): \(a.order.orderNo) is listed before \(b.order.orderNo) but is not newer")
        }
    }

    @Test("pages are disjoint, newest first, and together list every order once; any page size", arguments: EngineFactories.all)
    func everyOrderOnce(_ factory: any EngineFactory) async throws {
        let world = try await Self.setUp(factory)
        var expected: [OrderSummary] = []
        for n in 0..<Self.count { expected += try await world.engine.orders(orderNo: "G\(n)") }
        #expect(expected.count == Self.count)
        for limit in [1, 3, 7, Self.count, 100] {
            let pages = try await Self.pages(world.engine, OrderQuery(), limit: limit)
            #expect(pages.dropLast().allSatisfy { $0.count == limit }, "limit \(limit): only the last page may be short")
            Self.check(pages, cover: expected, "limit \(limit)")
        }
    }

    @Test("a filter narrows the pages the same way: by substation, by product, by status", arguments: EngineFactories.all)
    func filtered(_ factory: any EngineFactory) async throws {
        let world = try await Self.setUp(factory)
        let everything = try await world.engine.orders(query: OrderQuery(), after: nil, limit: 1_000)
        #expect(everything.count == Self.count)

        var bySubstation = OrderQuery()
        bySubstation.substationCode = "sh-b"
        var byProduct = OrderQuery()
        byProduct.productSKU = "PG-2"
        var both = OrderQuery.parse("sub:sh-a sku:PG-1 status:pending")
        #expect(both.problems.isEmpty)
        both.problems = []
        var byNumber = OrderQuery()
        byNumber.words = ["G7"]
        let cases: [(String, OrderQuery, (OrderSummary) -> Bool)] = [
            ("substation sh-b", bySubstation, { $0.substationCode == "sh-b" }),
            ("product PG-2", byProduct, { $0.productSKU == "PG-2" }),
            ("sh-a, PG-1, pending", both, { $0.substationCode == "sh-a" && $0.productSKU == "PG-1" && $0.order.status == .pending }),
            ("order number G7", byNumber, { $0.order.orderNo == "G7" }),
        ]
        for (label, query, keep) in cases {
            let expected = everything.filter(keep)
            #expect(!expected.isEmpty && expected.count < Self.count, "\(label): the fixture must narrow")
            for limit in [2, 5] {
                Self.check(try await Self.pages(world.engine, query, limit: limit), cover: expected, "\(label), limit \(limit)")
            }
        }
    }
}
