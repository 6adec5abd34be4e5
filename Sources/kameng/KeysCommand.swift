import ArgumentParser
import Foundation
import KamengDomain
import KamengStorage
import KamengVault

/// `kameng keys export|rotate`.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Card keys in bulk (export, audited) and the key-encryption key (rotate).",
        subcommands: [Export.self, Rotate.self])

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write an order's keys (refund dispute) or a batch's unsold keys (supplier return) to a CSV file.",
            discussion: "Needs the export permission, a reason and a fresh code from your authenticator; audited. Cells a spreadsheet would run as a formula (= + - @ tab CR) get a leading apostrophe. The file is created mode 0600 and never overwritten.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Export the keys delivered to this order number.") var order: String?
        @Option(help: "With --order: the substation, when several used the same number.") var substation: String?
        @Option(help: "Export this batch's unsold (available or voided) keys.") var batch: Int64?
        @Option(help: "Why, e.g. the dispute or return reference (required).") var reason: String
        @Option(help: "The CSV file to create, or - for standard output.") var out: String
        @OptionGroup var stepUp: StepUpOptions

        func run() async throws {
            guard (order == nil) != (batch == nil) else { throw CLIError(message: "--order or --batch: give exactly one", code: 2) }
            // The file first: a path that cannot be created (it exists, a planted or dangling symlink, no such
            // directory) must fail before the store audits the export and uses up the code. `-` is standard
            // output (the only output through ssh).
            let file = out == "-" ? nil : try ExclusiveFile(creating: out)
            do {
                let (store, me) = try await global.openAsStaff()
                let selection: KeyExportSelection
                let what: String
                if let order {
                    let summary = try await OrderLookup.find(store, orderNo: order, substation: substation)
                    selection = .order(id: summary.order.id!)
                    what = "order \(summary.order.orderNo)"
                } else {
                    selection = .batch(id: batch!)
                    what = "batch \(batch!)"
                }
                let keys = try await store.exportKeys(selection, reason: reason, by: me, stepUp: try await stepUp.resolve(store, me, for: "export the keys of \(what)"))
                let csv = CSVExport.document(header: ExportedKey.csvHeader, rows: keys.map(\.csvRow))
                guard let file else { return FileHandle.standardOutput.write(Data(csv.utf8)) }
                try file.write(Data(csv.utf8))
                Output.say("Exported \(keys.count) key(s) of \(what) to \(out) (mode 0600). Delete it when the case is closed.")
            } catch {
                file?.discard()
                throw error
            }
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace the key-encryption key (admin): re-wraps the data key; nothing stops, nothing is re-encrypted.",
            discussion: "Writes the new key beside the old one (KEYFILE.new, mode 0600), re-wraps the data key in one transaction, then renames the new file over the old. Back up the new key file afterwards; the old one no longer opens the database.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let (store, me) = try await global.openAsStaff()
            let result = try await store.rotateKeyFile(at: global.keyFilePath, by: me)
            Output.say("Rotated the key-encryption key: \(result.oldFingerprint) → \(result.newFingerprint) (\(global.keyFilePath)). Back it up now.")
            Output.say(result.recoveryKitExists
                ? "A recovery kit exists and holds the old key-encryption key: make a new recovery kit now, then destroy the old one."
                : "No recovery kit exists.")
        }
    }
}

extension KeysCommand.Export: NamesFiles {
    var namedFiles: [NamedFile] { [NamedFile(option: "--out", path: out)] }
}

/// `kameng security show|set`: the step-up threshold for refunds and the hourly reveal limit.
struct SecurityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "security", abstract: "Security settings: refund step-up amount, reveals per hour.", subcommands: [Show.self, Set.self])

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the security settings.")
        @OptionGroup var global: GlobalOptions
        func run() async throws {
            let (store, _) = try await global.openAsStaff()
            let s = try await store.securitySettings()
            Output.say("refunds above \(s.refundStepUpAbove) need a code from the authenticator\n\(s.revealsPerHour) reveals per person per hour")
        }
    }

    struct Set: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change the security settings (admin; needs a code from your authenticator).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Refunds above this many yuan need a code, e.g. 200.") var refundStepUpAbove: String?
        @Option(help: "Audited reveals one person may make per hour.") var revealsPerHour: Int?
        @OptionGroup var stepUp: StepUpOptions

        func run() async throws {
            let (store, me) = try await global.openAsStaff()
            var settings = try await store.securitySettings()
            if let refundStepUpAbove {
                guard let amount = Money(yuan: refundStepUpAbove), amount.fen >= 0 else {
                    throw CLIError(message: "--refund-step-up-above: \"\(refundStepUpAbove)\" is not an amount in yuan such as 200", code: 2)
                }
                settings.refundStepUpAbove = amount
            }
            if let revealsPerHour {
                guard (1...1_000).contains(revealsPerHour) else { throw CLIError(message: "--reveals-per-hour: 1–1000", code: 2) }
                settings.revealsPerHour = revealsPerHour
            }
            try await store.setSecuritySettings(settings, by: me, stepUp: try await stepUp.resolve(store, me, for: "change security settings"))
            Output.say("Saved: refunds above \(settings.refundStepUpAbove) need a code; \(settings.revealsPerHour) reveals per person per hour.")
        }
    }
}
