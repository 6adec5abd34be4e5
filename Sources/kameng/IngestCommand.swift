import ArgumentParser
import Foundation
import KamengDomain
import KamengStorage
import Synchronization

/// `kameng ingest [FILE|-] [--json]`: signed orders, payments and heartbeats from JSON Lines
/// (Docs/Intake.md). Rejected lines are normal — recorded with their reason, counted, exit 0.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Ingest signed orders, payments and heartbeats (JSON Lines).",
        discussion: """
            Each line: {"substation": CODE, "payload": TEXT, "sig": HEX}, HEX = hex(HMAC-SHA256(API secret, TEXT)).
            Rejected lines are recorded with their reason and do not stop the run (exit 0).
            Replaying the same lines changes nothing. See Docs/Intake.md.
            """)

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("JSON Lines file, or - for standard input.", valueName: "file")) var file: String = "-"
    @Flag(help: "Print only the summary, as a JSON object.") var json = false

    func run() async throws {
        let fd: Int32
        let source: String
        if file == "-" {
            fd = STDIN_FILENO
            source = "-"
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue else {
                throw CLIError(message: "\(file): no such file")
            }
            fd = open(file, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw CLIError(message: "\(file): \(String(cString: strerror(errno)))") }
            source = (file as NSString).lastPathComponent
        }
        defer { if fd != STDIN_FILENO { close(fd) } }
        let (store, me) = try await global.openAsStaff()
        let progress = !json && isatty(STDERR_FILENO) == 1
        let lastShown = Mutex(DispatchTime.now().uptimeNanoseconds)
        let options = IntakeOptions(rules: try Settings.riskRules(), source: source)
        let summary = try await store.ingest(.fileDescriptor(fd), options: options, by: me) { group in
            guard progress, lastShown.withLock({ last in
                guard group.committedAt - last > 500_000_000 else { return false }
                last = group.committedAt
                return true
            }) else { return }
            let s = group.summary
            Output.progress("\(s.lines) lines: \(s.delivered) delivered, \(s.rejected) rejected…")
        }
        if progress { Output.control(.clearProgressLine, to: .standardError) }
        if json {
            try Output.json(IntakeSummaryJSON(summary))
        } else {
            for line in summary.humanLines { Output.say(line) }
        }
    }
}

extension IngestCommand: NamesFiles {
    var namedFiles: [NamedFile] { [NamedFile(option: "ingest", path: file)] }
}

/// The stable JSON shape of an intake summary (documented in Docs/CLI.md and Docs/Intake.md).
struct IntakeSummaryJSON: Codable {
    struct Tally: Codable { var accepted: Int, duplicate: Int }
    var lines: Int
    var orders: Tally, payments: Tally, heartbeats: Tally
    var delivered: Int, awaitingStock: Int, flagged: Int, heldPayments: Int
    var rejected: Int
    var rejectedByReason: [String: Int]
    var lowStock: [String]
    var groups: Int

    init(_ s: IntakeSummary) {
        lines = s.lines
        orders = Tally(accepted: s.orders.accepted, duplicate: s.orders.duplicate)
        payments = Tally(accepted: s.payments.accepted, duplicate: s.payments.duplicate)
        heartbeats = Tally(accepted: s.heartbeats.accepted, duplicate: s.heartbeats.duplicate)
        delivered = s.delivered; awaitingStock = s.awaitingStock; flagged = s.flagged; heldPayments = s.heldPayments
        rejected = s.rejected; rejectedByReason = s.rejectedByReason; lowStock = s.lowStock; groups = s.groups
    }
}
