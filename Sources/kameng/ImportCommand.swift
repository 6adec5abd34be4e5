import ArgumentParser
import Foundation
import KamengDomain
import KamengImport
import KamengStorage
import Synchronization

/// `kameng import FILE --product SKU`: one supplier file into one product, all-or-nothing.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import a supplier's card key file (text, CSV or .xlsx) as one batch.",
        discussion: "Exit status: 0 when the batch committed (even with rejected lines), 1 on a refused file or failed import, 2 on bad arguments. See Docs/Import.md.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The file: .txt, .csv or .xlsx; GBK/GB18030, UTF-8 and UTF-16 are detected; - reads standard input.") var file: String
    @Option(help: "The product SKU the keys belong to.") var product: String
    @Flag(help: "Parse, validate and check duplicates against the store; write nothing.") var dryRun = false
    @Flag(help: "Print only the JSON result object.") var json = false
    @Option(help: "Override encoding detection: \(TextEncoding.allCases.map(\.rawValue).joined(separator: ", ")).") var encoding: String?
    @Option(help: "Worksheet name in an .xlsx (default: the first).") var sheet: String?
    @Option(help: ArgumentHelp("Which field is what, when Kameng asks: by position (number,secret,note,ignore,expiry) or by header name (secret=卡密,number=卡号).",
                               valueName: "roles")) var columns: String?
    @Option(help: ArgumentHelp("The text between fields of a line (`tab`, `space`, or the text itself, e.g. ##).", valueName: "text")) var separator: String?
    @Flag(help: "Import even if the same file was imported before.") var force = false

    static let cancelled = Atomic<Bool>(false)

    func run() async throws {
        var options = ImportOptions()
        if let encoding {
            guard let parsed = TextEncoding(argument: encoding) else {
                throw CLIError(message: "--encoding: \"\(encoding)\" is not one of \(TextEncoding.allCases.map(\.rawValue).joined(separator: ", "))", code: 2)
            }
            options.encoding = parsed
        }
        options.sheetName = sheet
        if let columns {
            do { options.columns = try ColumnMapping.parse(columns) } catch { throw CLIError(message: "--columns: \(error)", code: 2) }
        }
        if let separator {
            guard let bytes = SeparatorArgument.bytes(separator) else { throw CLIError(message: "--separator: give the text between fields", code: 2) }
            options.separator = bytes
        }
        let (store, me) = try await global.openAsStaff()
        // Standard input is read whole first: the importer sniffs the container and reads the file twice.
        let copy = file == "-" ? try StandardInputCopy(besideDatabase: global.databasePath) : nil
        defer { copy?.remove() }
        let url = copy?.url ?? URL(fileURLWithPath: file)
        guard FileManager.default.isReadableFile(atPath: url.path) else { throw CLIError(message: "\(file): no such file or not readable") }
        let quiet = json || isatty(STDOUT_FILENO) == 0
        let bar = quiet || isatty(STDERR_FILENO) == 0 ? nil : ProgressLine()
        signal(SIGINT) { _ in ImportCommand.cancelled.store(true, ordering: .relaxed) }
        var request = FileImportRequest(file: url, productSKU: product, dryRun: dryRun, force: force, options: options)
        let outcome: ImportOutcome
        do {
            outcome = try await runImport(store, request, me, bar)
        } catch StoreError.alreadyImported(let name, let batches) where !quiet && isatty(STDIN_FILENO) == 1 {
            Output.ask("\(name) was already imported as batch \(batches.map(String.init).joined(separator: ", ")). Import it again? [y/N] ")
            guard let answer = readLine(), answer.lowercased().hasPrefix("y") else { throw CLIError(message: "not imported") }
            request.force = true
            outcome = try await runImport(store, request, me, bar)
        }
        if quiet { try Output.json(ImportJSON(outcome)); return }
        Output.say(Self.summary(outcome, file: url.lastPathComponent))
    }

    private func runImport(_ store: any KamengEngine, _ request: FileImportRequest, _ me: Staff, _ bar: ProgressLine?) async throws -> ImportOutcome {
        defer { bar?.finish() }
        return try await store.importFile(request, by: me, progress: { bar?.update($0) },
                                    isCancelled: { ImportCommand.cancelled.load(ordering: .relaxed) })
    }

    static func summary(_ o: ImportOutcome, file: String) -> String {
        var lines = [o.dryRun ? "Dry run of \(TerminalSafe.visible(file)): nothing written." : "Imported \(TerminalSafe.visible(file)) as batch \(o.batch.map(String.init) ?? "-")."]
        lines += shapeLines(o)
        lines.append("  accepted \(o.accepted) · duplicate in file \(o.duplicateInFile) · duplicate in store \(o.duplicateInStore) · skipped \(o.skipped) · rejected \(o.rejected.count)")
        for problem in o.rejected.prefix(20) { lines.append("  line \(problem.line): \(problem.reason)") }
        if o.rejected.count > 20 { lines.append("  … and \(o.rejected.count - 20) more rejected lines (--json lists all)") }
        for dup in o.duplicates.prefix(10) {
            lines.append(dup.inStore ? "  line \(dup.line): already in the store" : "  line \(dup.line): repeats line \(dup.firstLine ?? 0)")
        }
        if o.duplicates.count > 10 { lines.append("  … and \(o.duplicates.count - 10) more duplicates (--json lists all)") }
        return lines.joined(separator: "\n")
    }
}

extension ImportCommand {
    /// How the file was read and its first records (secrets masked): what will be stored.
    static func shapeLines(_ o: ImportOutcome) -> [String] {
        guard let shape = o.shape else { return [] }
        var read = "  read as \(shape.container)"
        if let encoding = shape.encoding { read += " · \(encoding)" }
        if let separator = shape.separator { read += " · separator \(separator == "labels" ? "labels (卡号:… 密码:…)" : separator)" }
        if !shape.columns.isEmpty { read += " · columns \(shape.columns.joined(separator: ","))" }
        var lines = [TerminalSafe.visible(read)]
        if let header = shape.header { lines.append(TerminalSafe.visible("  header row: " + header.joined(separator: " | "))) }
        for s in o.sample {
            var parts: [String] = []
            if let number = s.number { parts.append("number \(number)") }
            parts.append("secret \(s.secret)")
            if let expiry = s.expiry { parts.append("expires \(OrderJSON.time(expiry))") }
            if let note = s.note { parts.append("note \(note)") }
            lines.append(TerminalSafe.visible("    line \(s.line): " + parts.joined(separator: " · ")))
        }
        return lines
    }
}

extension ImportCommand: NamesFiles {
    var namedFiles: [NamedFile] { [NamedFile(option: "import", path: file)] }
}

/// `import -`: standard input copied to a private file (a 0700 directory beside the database, which
/// only the service account can enter), removed when the import ends.
struct StandardInputCopy {
    let directory: String
    var url: URL { URL(fileURLWithPath: directory + "/stdin") }

    init(besideDatabase databasePath: String) throws {
        var template = Array(((databasePath as NSString).deletingLastPathComponent + "/.stdin-XXXXXX").utf8CString)
        guard template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) != nil else {
            throw CLIError(message: "cannot hold standard input beside the database: \(String(cString: strerror(errno)))")
        }
        directory = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        do { _ = try Inbox.put("stdin", from: STDIN_FILENO, in: directory, replace: false) } catch {
            remove()
            throw error
        }
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }
}

/// The documented JSON result of an import (Docs/Import.md).
struct ImportJSON: Codable {
    struct Rejected: Codable { var line: Int; var reason: String }
    struct Duplicate: Codable { var line: Int; var firstLine: Int?; var inStore: Bool }
    struct Sample: Codable { var line: Int; var number: String?; var secret: String; var expiry: String?; var note: String? }
    var batch: Int64?, accepted: Int, duplicateInFile: Int, duplicateInStore: Int, skipped: Int
    var rejected: [Rejected], duplicates: [Duplicate], dryRun: Bool
    var shape: ImportShape?, sample: [Sample]

    init(_ o: ImportOutcome) {
        batch = o.batch; accepted = o.accepted; duplicateInFile = o.duplicateInFile; duplicateInStore = o.duplicateInStore
        skipped = o.skipped; dryRun = o.dryRun
        rejected = o.rejected.map { Rejected(line: $0.line, reason: $0.reason) }
        duplicates = o.duplicates.map { Duplicate(line: $0.line, firstLine: $0.firstLine, inStore: $0.inStore) }
        shape = o.shape
        sample = o.sample.map { Sample(line: $0.line, number: $0.number, secret: $0.secret, expiry: $0.expiry.map(OrderJSON.time), note: $0.note) }
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(batch, forKey: .batch)   // null for a dry run, as documented
        try c.encode(accepted, forKey: .accepted)
        try c.encode(duplicateInFile, forKey: .duplicateInFile)
        try c.encode(duplicateInStore, forKey: .duplicateInStore)
        try c.encode(skipped, forKey: .skipped)
        try c.encode(rejected, forKey: .rejected)
        try c.encode(duplicates, forKey: .duplicates)
        try c.encode(dryRun, forKey: .dryRun)
        try c.encodeIfPresent(shape, forKey: .shape)
        try c.encode(sample, forKey: .sample)
    }
}

/// A one-line progress bar with rate and ETA on stderr, redrawn at most ten times a second. The engine
/// reports from its own thread, hence the lock.
final class ProgressLine: @unchecked Sendable {
    private let started = Date()
    private let lock = NSLock()
    private var lastDraw = Date.distantPast

    func update(_ p: ImportProgress) {
        let now = Date()
        guard lock.withLock({ () -> Bool in
            guard now.timeIntervalSince(lastDraw) >= 0.1 else { return false }
            lastDraw = now
            return true
        }) else { return }
        let elapsed = max(now.timeIntervalSince(started), 0.001)
        let fraction = p.fraction
        let width = 30
        let filled = Int(fraction * Double(width))
        let rate = Double(p.records) / elapsed
        let eta = fraction > 0.01 ? elapsed / fraction - elapsed : 0
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        Output.progress(String(format: "%@ %3.0f%%  %@/%@  %.0f lines/s  ETA %.0fs ", bar, fraction * 100,
                               Self.size(p.bytesRead), Self.size(p.totalBytes), rate, eta))
    }

    func finish() { Output.control(.clearProgressLine, to: .standardError) }

    static func size(_ bytes: Int64) -> String {
        bytes >= 1 << 20 ? String(format: "%.1f MB", Double(bytes) / 1_048_576) : String(format: "%.0f KB", Double(bytes) / 1024)
    }
}

/// `kameng batch list|void`.
struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "batch", abstract: "Import batches.", subcommands: [List.self, Void.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Recent import batches, newest first.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print a JSON array.") var json = false
        func run() async throws {
            let (store, _) = try await global.openAsStaff()
            let rows = try await store.batches(limit: 100)
            if json { try Output.json(rows.map(BatchJSON.init)); return }
            Output.table(["BATCH", "PRODUCT", "FILE", "IMPORTED (UTC)", "BY", "ACCEPTED", "DUP", "REJECTED", "AVAILABLE", "STATUS"],
                         rows.map { r in [String(r.id), r.sku, r.fileName, OrderJSON.time(r.importedAt), r.importedBy,
                                          String(r.accepted), String(r.duplicates), String(r.rejected), String(r.available),
                                          r.voided ? "voided" : "active"] })
        }
    }

    struct Void: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "void", abstract: "Withdraw a batch's unsold keys (audited).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Batch id (see `kameng batch list`).") var id: Int64
        @Flag(name: .shortAndLong, help: "Do not ask for confirmation.") var yes = false
        @OptionGroup var stepUp: StepUpOptions
        func run() async throws {
            let (store, me) = try await global.openAsStaff()
            guard let row = try await store.batches(limit: 100_000).first(where: { $0.id == id }) else { throw CLIError(message: "batch \(id) not found") }
            if !yes {
                guard isatty(STDIN_FILENO) == 1 else { throw CLIError(message: "voiding batch \(id) needs confirmation: run it in a terminal or pass --yes", code: 2) }
                Output.ask("Void batch \(id) (\(row.sku), \(row.fileName)): withdraw its \(row.available) unsold keys? [y/N] ")
                guard let answer = readLine(), answer.lowercased().hasPrefix("y") else { throw CLIError(message: "not voided") }
            }
            let voided = try await store.voidBatch(id: id, by: me, stepUp: try await stepUp.resolve(store, me, for: "void batch \(id)"))
            Output.say("Voided batch \(id): \(voided) unsold keys withdrawn.")
        }
    }
}

struct BatchJSON: Codable {
    var id: Int64, product: String, fileName: String, contentDigest: String, importedBy: String, importedAt: String
    var accepted: Int, duplicateInFile: Int, duplicateInStore: Int, skipped: Int, rejected: Int, available: Int, status: String
    init(_ b: BatchSummary) {
        id = b.id; product = b.sku; fileName = b.fileName; contentDigest = b.contentDigest; importedBy = b.importedBy
        importedAt = OrderJSON.time(b.importedAt); accepted = b.accepted; duplicateInFile = b.duplicateInFile
        duplicateInStore = b.duplicateInStore; skipped = b.skipped; rejected = b.rejected; available = b.available
        status = b.voided ? BatchStatus.voided.rawValue : BatchStatus.active.rawValue
    }
}
