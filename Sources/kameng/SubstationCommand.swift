import ArgumentParser
import Foundation
import KamengDomain
import KamengStorage

/// `kameng substation add|list|secret`.
struct SubstationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "substation", abstract: "Substations (分站).",
                                                    subcommands: [Add.self, List.self, Secret.self])

    struct Secret: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a substation's API secret again (admin, with a code from your authenticator; audited).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var stepUp: StepUpOptions
        @Argument(help: "Substation code.") var code: String

        func run() async throws {
            let (store, me) = try await global.openAsStaff()
            let stepUpCode = try await stepUp.resolve(store, me, for: "show the API secret of \(code)")
            // Standard output only, and nothing else on it, so `$(kameng substation secret CODE)` works.
            Output.say(try await store.substationSecret(code: code, by: me, stepUp: stepUpCode))
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open a substation (prints its API secret once), or a batch from a file (--from).",
            discussion: """
                --from FILE opens every substation the file lists, one per line: code,name,domain,parent,commission \
                (a header row, tabs instead of commas, UTF-8 or GBK are all fine). Every line is checked first; if any \
                is wrong, each problem is printed with its line and field and nothing is opened. Otherwise all open in \
                one transaction, and their API secrets go to a new file beside FILE (NAME.secrets-YYYYMMDD-HHMMSS.tsv, mode 0600).
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "Short code, e.g. sh-xiaoqi.") var code: String?
        @Option(help: "Display name.") var name: String?
        @Option(help: "Host name, e.g. xiaoqi.example.cn.") var domain: String?
        @Option(help: "Parent substation code (multi-level agents).") var parent: String?
        @Option(help: "Commission in percent, e.g. 8 or 7.5.") var commission: String?
        @Option(help: "Expiry date, YYYY-MM-DD (UTC).") var expires: String?
        @Option(help: "A file of substations to open together (see the discussion).") var from: String?

        func validate() throws {
            if from != nil {
                guard code == nil, name == nil, domain == nil, parent == nil, commission == nil, expires == nil else {
                    throw ValidationError("--from takes every field from the file: give no --code, --name, --domain, --parent, --commission or --expires with it")
                }
            } else if code == nil || name == nil || domain == nil {
                throw ValidationError("--code, --name and --domain are needed (or --from FILE)")
            }
        }

        func run() async throws {
            if let from { return try await openBatch(from) }
            guard let code, let name, let domain else { return }
            guard let percent = Money(yuan: commission ?? "0"), (0...10_000).contains(percent.fen) else {
                throw CLIError(message: "--commission: a percentage from 0 to 100 with at most two decimals", code: 2)
            }
            var expiry: Date?
            if let expires {
                let formatter = ISO8601DateFormatter()
                formatter.formatOptions = [.withFullDate]
                guard let date = formatter.date(from: expires) else { throw CLIError(message: "--expires: expected YYYY-MM-DD", code: 2) }
                expiry = date
            }
            let (store, me) = try await global.openAsStaff()
            let draft = SubstationDraft(code: code, name: name, domain: domain.lowercased(), parentCode: parent,
                                        commissionBasisPoints: Int(percent.fen), expiresAt: expiry)
            let opened = try await store.openSubstation(draft, by: me)
            Output.say("Opened \(opened.substation.code) (\(opened.substation.domain))")
            Output.say("API secret (shown once; the substation signs its events with it):\n\(opened.apiSecret)")
        }

        private func openBatch(_ file: String) async throws {
            let (store, me) = try await global.openAsStaff()
            // `--from -` (the only form through ssh): the sheet from standard input, the secrets to standard output.
            let copy = file == "-" ? try StandardInputCopy(besideDatabase: global.databasePath) : nil
            defer { copy?.remove() }
            let path = copy?.url.path ?? (file as NSString).expandingTildeInPath
            let sheet = try await store.readSubstationSheet(path: path)
            guard sheet.isReady else {
                // Problems name the line and field; the text quoted from the file never is, so nothing here needs escaping.
                let lines = sheet.problems.map { "  " + TerminalSafe.visible($0.explanation(chinese: false)) }
                throw CLIError(message: "\(file): nothing opened\n" + lines.joined(separator: "\n"))
            }
            let result = try await store.openSubstations(sheet.rows.map(\.draft), from: path, by: me)
            for station in result.opened { Output.say("Opened \(station.code) (\(station.domain))") }
            if copy != nil, result.secretsProblem == nil, let secrets = FileManager.default.contents(atPath: result.secretsPath) {
                Output.say("API secrets (shown once; give each substation its line):")
                FileHandle.standardOutput.write(secrets)
                return
            }
            Output.say("API secrets: \(TerminalSafe.visible(result.secretsPath)) (mode 0600). Give each substation its line, then delete the file.")
            if let problem = result.secretsProblem { throw CLIError(message: problem) }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List substations.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print a JSON array.") var json = false

        func run() async throws {
            let (store, _) = try await global.openAsStaff()
            let stations = try await store.substations()
            let codes = Dictionary(uniqueKeysWithValues: stations.compactMap { s in s.id.map { ($0, s.code) } })
            if json { try Output.json(stations.map { SubstationJSON($0, parent: $0.parentId.flatMap { codes[$0] }) }); return }
            Output.table(["CODE", "NAME", "DOMAIN", "PARENT", "COMMISSION%", "STATUS", "EXPIRES"],
                         stations.map { s in [s.code, s.name, s.domain, s.parentId.flatMap { codes[$0] } ?? "-",
                                              Money(fen: Int64(s.commissionBasisPoints)).plain, s.status.rawValue,
                                              s.expiresAt.map { String(OrderJSON.time($0).prefix(10)) } ?? "-"] })
        }
    }
}

extension SubstationCommand.Add: NamesFiles {
    var namedFiles: [NamedFile] { [NamedFile(option: "--from", path: from)] }
}

/// The stable JSON shape of a substation (documented in Docs/CLI.md). Never includes the API secret.
struct SubstationJSON: Codable {
    var code: String, name: String, domain: String, parent: String?, commissionBasisPoints: Int, status: String, expiresAt: String?
    init(_ s: Substation, parent: String?) {
        code = s.code; name = s.name; domain = s.domain; self.parent = parent; commissionBasisPoints = s.commissionBasisPoints
        status = s.status.rawValue; expiresAt = s.expiresAt.map(OrderJSON.time)
    }
}

/// `kameng audit verify|tail`.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "The tamper-evident audit log.", subcommands: [Verify.self, Tail.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Walk the chain; exit 1 at the first bad row.")
        @OptionGroup var global: GlobalOptions
        func run() async throws {
            let (store, me) = try await global.openAsStaff()
            switch try await store.verifyAudit(by: me) {
            case let .intact(rows): Output.say("audit log intact: \(rows) rows")
            case let .broken(id, reason): throw CLIError(message: "audit log broken at row \(id): \(TerminalSafe.visible(reason))")
            case let .altered(rows):
                throw CLIError(message: "audit log intact, but rows were altered outside Kameng: "
                               + rows.map { TerminalSafe.visible($0) }.joined(separator: "; "))
            }
        }
    }

    struct Tail: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The newest audit events.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "How many events.") var limit: Int = 20
        @Flag(help: "Print a JSON array.") var json = false
        func run() async throws {
            guard (1...100_000).contains(limit) else { throw CLIError(message: "--limit: 1–100000", code: 2) }
            let (store, me) = try await global.openAsStaff()
            let events = try await store.auditTail(limit: limit, by: me)
            if json { try Output.json(events.map(AuditJSON.init)); return }
            Output.table(["ID", "AT (UTC)", "ACTOR", "ACTION", "TARGET", "DETAIL"],
                         events.map { [String($0.id), OrderJSON.time($0.at), $0.actor, $0.action, $0.target, $0.detail] })
        }
    }
}

/// The stable JSON shape of an audit event (documented in Docs/CLI.md).
struct AuditJSON: Codable {
    var id: Int64, at: String, actor: String, action: String, target: String, detail: String
    init(_ e: AuditEvent) { id = e.id; at = OrderJSON.time(e.at); actor = e.actor; action = e.action; target = e.target; detail = e.detail }
}
