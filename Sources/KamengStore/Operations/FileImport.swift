@preconcurrency import Crypto
import Foundation
import KamengDomain
import KamengImport

/// What the console's import pane and `kameng import` ask for: one supplier file into one product.
public struct FileImportRequest: Sendable {
    public var file: URL
    public var productSKU: String
    public var dryRun: Bool
    /// Import even though a file with the same content was imported before.
    public var force: Bool
    public var options: ImportOptions

    public init(file: URL, productSKU: String, dryRun: Bool = false, force: Bool = false, options: ImportOptions = ImportOptions()) {
        self.file = file
        self.productSKU = productSKU
        self.dryRun = dryRun
        self.force = force
        self.options = options
    }
}

/// Why a file import did not run.
public enum FileImportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The same content (SHA-256) was imported before as these batches; ask, or pass `force`.
    case alreadyImported(file: String, batches: [Int64])
    /// The parser refused the whole file (a picture, a binary, a bad workbook…): nothing was written.
    case refused(String)
    case cancelled(file: String)

    public var description: String {
        switch self {
        case let .alreadyImported(file, batches):
            "\(file) has the same content as batch \(batches.map(String.init).joined(separator: ", ")) already imported; use --force to import it again"
        case let .refused(message): message
        case let .cancelled(file): "import of \(file) cancelled; nothing was written"
        }
    }
}

extension KamengStore {
    /// The import service: digest the file, refuse a silent re-import, then stream-parse it into one
    /// all-or-nothing batch. `progress` gets bytes read of total; `isCancelled` is polled per chunk.
    public func importFile(_ request: FileImportRequest, by actor: Staff, now: Date = Date(),
                           progress: @escaping (ImportProgress) -> Void = { _ in },
                           isCancelled: @escaping () -> Bool = { false }) throws -> ImportOutcome {
        try require(actor, .importKeys)
        let name = request.file.lastPathComponent
        let digest = try Self.contentDigest(of: request.file)
        let previous = try batchesWithDigest(digest)
        if !previous.isEmpty, !request.force, !request.dryRun { throw FileImportError.alreadyImported(file: name, batches: previous) }
        let hooks = ImportHooks(progress: progress, isCancelled: isCancelled)
        do {
            return try importBatch(productSKU: request.productSKU, source: ImportSource(fileName: name, contentDigest: digest), by: actor,
                                   dryRun: request.dryRun, now: now, isCancelled: isCancelled) { sink in
                _ = try CardKeyImporter.parse(file: request.file, options: request.options, hooks: hooks) { record in
                    switch record {
                    case let .accepted(key):
                        try sink.add(CardKeyPlaintext(number: key.number, secret: key.secret, expiresAt: key.expiry, note: key.note, sourceLine: key.line))
                    case let .rejected(line, reason):
                        sink.reject(line: line, reason: reason.message)
                    case let .skipped(line, kind):
                        if kind != .header { sink.skip(line: line) }
                    }
                }
            }
        } catch let error as ImportError {
            if case .cancelled = error { throw FileImportError.cancelled(file: name) }
            throw FileImportError.refused(error.description)
        } catch is CancellationError {
            throw FileImportError.cancelled(file: name)
        }
    }

    /// SHA-256 of the file's bytes, streamed: what "the same file" means for the re-import warning.
    static func contentDigest(of file: URL) throws -> String {
        guard let handle = try? FileHandle(forReadingFrom: file) else {
            throw FileImportError.refused("cannot read \(file.lastPathComponent): no such file or no permission")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hasher.update(data: chunk) }
        return Hex.string(hasher.finalize())
    }
}
