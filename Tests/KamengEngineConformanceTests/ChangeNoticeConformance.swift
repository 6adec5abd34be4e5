import Foundation
import KamengDomain
import KamengStorage
import Testing

/// Live change notices: a baseline first, then a notice each time another engine (another process)
/// commits. The waits are on what the test must see, with a generous deadline, never on a delay.
@Suite("Conformance: change notices")
struct ChangeNoticeConformance {
    @Test("a baseline, then a new notice after another engine on the same store commits", arguments: EngineFactories.all)
    func noticeAfterAnotherEngineCommits(_ factory: any EngineFactory) async throws {
        let world = try await EngineWorld.make(factory)
        let other = try await world.openAnother()
        let seen = Locked<[ChangeNotice]>([])
        let notices = world.engine.changes(every: .milliseconds(20))
        let listener = Task {
            for await notice in notices { seen.withLock { $0.append(notice) } }
        }
        defer { listener.cancel() }

        #expect(await eventually { !seen.current.isEmpty }, "no baseline notice")
        let baseline = try #require(seen.current.first)

        // Each commit by the other engine must be noticed, one after the other.
        for (n, sku) in ["CN-1", "CN-2"].enumerated() {
            try await world.addProduct(sku, on: other)
            let noticed = await eventually { seen.current.count >= n + 2 }
            #expect(noticed, "no notice after the other engine's commit \(n + 1); seen \(seen.current)")
            guard noticed else { return }
        }
        let versions = seen.current.map(\.version)
        #expect(versions.first == baseline.version && Set(versions).count == versions.count,
                "each notice carries a changed counter: \(versions)")
        // What the other engine committed is what this engine reads after the notice.
        #expect(Set(try await world.engine.products().map(\.sku)).isSuperset(of: ["CN-1", "CN-2"]))
    }

    @Test("the sequence ends when its consumer stops", arguments: EngineFactories.all)
    func endsWithItsConsumer(_ factory: any EngineFactory) async throws {
        let world = try await EngineWorld.make(factory)
        let finished = Locked(false)
        let listener = Task {
            for await _ in world.engine.changes(every: .milliseconds(20)) {}
            finished.withLock { $0 = true }
        }
        listener.cancel()
        #expect(await eventually { finished.current }, "the notices did not end after their task was cancelled")
    }
}
