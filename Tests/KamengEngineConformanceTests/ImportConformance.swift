import Foundation
import KamengDomain
import KamengStorage
import Testing

/// "An import is all-or-nothing per batch."
@Suite("Conformance: import is all or nothing")
struct ImportConformance {
    static let secrets = (0..<50).map { "IMPORTKEY\($0)SECRET" }

    /// What an import may change, read through the interface: batches, the product's stock, the audit log's head.
    struct Trace: Equatable {
        var batches: [BatchSummary]
        var available: Int
        var sold: Int
        var void: Int
        var lastAudit: Int64?
    }

    static func trace(_ world: EngineWorld, _ sku: String) async throws -> Trace {
        let level = try await world.stock(sku)
        return Trace(batches: try await world.engine.batches(limit: 100), available: level.available, sold: level.sold, void: level.void,
                     lastAudit: try await world.lastAuditId())
    }

    static func run(_ world: EngineWorld, _ file: URL, dryRun: Bool = false, force: Bool = false,
                    isCancelled: @escaping @Sendable () -> Bool = { false }) async throws -> ImportOutcome {
        try await world.engine.importFile(FileImportRequest(file: file, productSKU: "IM-1", dryRun: dryRun, force: force), by: world.admin,
                                          progress: { _ in }, isCancelled: isCancelled)
    }

    static func setUp(_ factory: any EngineFactory) async throws -> (EngineWorld, URL) {
        let world = try await EngineWorld.make(factory)
        try await world.addProduct("IM-1")
        return (world, try world.supplierFile(secrets: secrets, name: "supplier.txt"))
    }

    @Test("a dry run counts the file and keeps nothing; the real import afterwards is not taken for a re-import",
          arguments: EngineFactories.all)
    func dryRun(_ factory: any EngineFactory) async throws {
        let (world, file) = try await Self.setUp(factory)
        let before = try await Self.trace(world, "IM-1")
        let dry = try await Self.run(world, file, dryRun: true)
        #expect(dry.dryRun && dry.batch == nil && dry.accepted == Self.secrets.count)
        // What will be stored, said before it is: the file's shape and its first records, secrets masked.
        #expect(dry.shape?.container == "text" && dry.shape?.separator == "----" && dry.shape?.columns == ["number", "secret"])
        #expect(dry.sample.map(\.secret) == ["IMPO…ECRET", "IMPO…ECRET", "IMPO…ECRET"] && dry.sample.map(\.line) == [1, 2, 3])
        #expect(try await Self.trace(world, "IM-1") == before)
        let real = try await Self.run(world, file)
        #expect(!real.dryRun && real.batch != nil && real.accepted == Self.secrets.count)
        #expect(try await world.stock("IM-1").available == Self.secrets.count)
    }

    @Test("a cancelled import throws importCancelled and keeps nothing; the same file imports afterwards",
          arguments: EngineFactories.all)
    func cancelled(_ factory: any EngineFactory) async throws {
        let (world, file) = try await Self.setUp(factory)
        let before = try await Self.trace(world, "IM-1")
        let asked = Locked(0)
        let error = await #expect(throws: StoreError.self) {
            try await Self.run(world, file, isCancelled: { asked.withLock { $0 += 1 }; return true })
        }
        guard case let .importCancelled(name)? = error else { Issue.record("cancelled import: \(error.map(String.init(describing:)) ?? "no error")"); return }
        #expect(name.hasSuffix("supplier.txt"))
        #expect(asked.current > 0, "the engine never asked whether the import was cancelled")
        #expect(try await Self.trace(world, "IM-1") == before)
        #expect(try await Self.run(world, file).accepted == Self.secrets.count)
    }

    @Test("a file the parser refuses (PNG bytes) throws importRefused and writes nothing", arguments: EngineFactories.all)
    func refused(_ factory: any EngineFactory) async throws {
        let (world, _) = try await Self.setUp(factory)
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D] + Array("IHDR".utf8) + [UInt8](repeating: 7, count: 64)
        let file = world.directory.appendingPathComponent("keys.txt")
        try Data(png).write(to: file)
        let before = try await Self.trace(world, "IM-1")
        let error = await #expect(throws: StoreError.self) { try await Self.run(world, file) }
        guard case let .importRefused(name, _)? = error else { Issue.record("refused file: \(error.map(String.init(describing:)) ?? "no error")"); return }
        #expect(name.hasSuffix("keys.txt"))
        #expect(try await Self.trace(world, "IM-1") == before)
    }

    @Test("the same content again throws alreadyImported naming the batch and changes nothing; with force every key is a duplicate",
          arguments: EngineFactories.all)
    func reimport(_ factory: any EngineFactory) async throws {
        let (world, file) = try await Self.setUp(factory)
        let first = try await Self.run(world, file)
        let batch = try #require(first.batch)
        let before = try await Self.trace(world, "IM-1")
        // The same bytes under another name are the same content.
        let copy = world.directory.appendingPathComponent("copy.txt")
        try FileManager.default.copyItem(at: file, to: copy)
        let error = await #expect(throws: StoreError.self) { try await Self.run(world, copy) }
        guard case let .alreadyImported(name, batches)? = error else { Issue.record("re-import: \(error.map(String.init(describing:)) ?? "no error")"); return }
        #expect(name.hasSuffix("copy.txt") && batches == [batch])
        #expect(try await Self.trace(world, "IM-1") == before)

        let forced = try await Self.run(world, copy, force: true)
        #expect(forced.accepted == 0 && forced.duplicateInStore == Self.secrets.count)
        #expect(try await world.stock("IM-1").available == Self.secrets.count)
    }

    @Test("a file with some keys already in stock imports the new ones in one batch and skips the rest", arguments: EngineFactories.all)
    func partialOverlap(_ factory: any EngineFactory) async throws {
        let (world, file) = try await Self.setUp(factory)
        _ = try await Self.run(world, file)
        let overlap = try world.supplierFile(secrets: Array(Self.secrets.prefix(10)) + (0..<5).map { "NEWKEY\($0)SECRET" })
        let outcome = try await Self.run(world, overlap)
        #expect(outcome.accepted == 5 && outcome.duplicateInStore == 10)
        let batches = try await world.engine.batches(limit: 10)
        #expect(batches.count == 2 && batches.first?.id == outcome.batch && batches.first?.accepted == 5, "newest first")
        #expect(try await world.stock("IM-1").available == Self.secrets.count + 5)
    }
}
