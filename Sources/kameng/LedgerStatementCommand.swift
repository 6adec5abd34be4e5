import ArgumentParser
import Foundation
import KamengDomain
import KamengImport
import KamengStorage

/// `kameng ledger statement CODE --from DATE --to DATE [--json | --csv FILE | --xlsx FILE]`: a
/// substation's prepaid and commission-payable accounts over UTC+8 days, both ends included.
struct LedgerStatementCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "statement",
        abstract: "A substation's statement over UTC+8 days (both included): opening, every posting, closing.",
        discussion: """
            --csv and --xlsx create a new file (mode 0600; never over an existing one, never through a link); \
            --csv - writes the CSV to standard output. Text cells a spreadsheet would run as a formula get a leading apostrophe.
            """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Substation code.") var code: String
    @Option(help: ArgumentHelp("First day (UTC+8).", valueName: "YYYY-MM-DD")) var from: String
    @Option(help: ArgumentHelp("Last day (UTC+8), included.", valueName: "YYYY-MM-DD")) var to: String
    @Flag(help: "Print JSON.") var json = false
    @Option(help: ArgumentHelp("Write a CSV file (- for standard output).", valueName: "FILE")) var csv: String?
    @Option(help: ArgumentHelp("Write an .xlsx file.", valueName: "FILE")) var xlsx: String?

    func validate() throws {
        guard [json, csv != nil, xlsx != nil].filter({ $0 }).count <= 1 else { throw ValidationError("give at most one of --json, --csv, --xlsx") }
    }

    func run() async throws {
        let first = try LedgerInput.day(from, option: "--from"), last = try LedgerInput.day(to, option: "--to")
        guard first <= last else { throw CLIError(message: "--to: \(to) is before --from \(from)", code: 2) }
        // The file first, so a path that cannot be created costs nothing.
        var file: ExclusiveFile?
        if let csv, csv != "-" { file = try ExclusiveFile(creating: csv, option: "--csv") }
        if let xlsx { file = try ExclusiveFile(creating: xlsx, option: "--xlsx") }
        do {
            let store = try await LedgerInput.openToRead(global)
            let statement = try await store.statement(substation: code, days: BusinessDays(from: first, to: last))
            if json { return try Output.json(StatementJSON(statement)) }
            if csv == "-" { return FileHandle.standardOutput.write(Data(statement.csv().utf8)) }
            if let file {
                let data = xlsx != nil ? try WorkbookExport.data(statement.workbookSheets()) : Data(statement.csv().utf8)
                try file.write(data)
                let lines = statement.prepaid.lines.count + statement.commissionPayable.lines.count
                return Output.say("Wrote the statement of \(statement.code) (\(lines) posting(s)) to \(file.path) (mode 0600).")
            }
            printTable(statement)
        } catch {
            file?.discard()
            throw error
        }
    }

    private func printTable(_ s: LedgerStatement) {
        Output.say("Statement of \(s.code) (\(s.name)), \(s.days.from) to \(s.days.to), UTC+8")
        for account in [s.prepaid, s.commissionPayable] {
            Output.say("\n\(account.account == .prepaid ? "Prepaid balance (预存款)" : "Commission payable (佣金应付)"): opening \(account.opening)")
            if !account.lines.isEmpty {
                Output.table(["ENTRY", "TIME (UTC+8)", "KIND", "ORDER / REF", "AMOUNT", "BALANCE"],
                             account.lines.map { [String($0.entryId), LedgerStatement.time($0.at), $0.kind.rawValue,
                                                  $0.orderNo ?? $0.reference ?? "-", $0.amount.plain, $0.balanceAfter.plain] })
            }
            Output.say("closing \(account.closing) (\(account.lines.count) posting(s), total \(account.total))")
        }
    }
}

/// The stable JSON shape of a statement (documented in Docs/CLI.md).
struct StatementJSON: Codable {
    struct Line: Codable {
        var entryId: Int64, at: String, kind: String, orderNo: String?, reference: String?, amountFen: Int64, balanceAfterFen: Int64
    }
    struct Account: Codable {
        var account: String, openingFen: Int64, closingFen: Int64, totalFen: Int64, lines: [Line]
    }
    var code: String, name: String, from: String, to: String, accounts: [Account]

    init(_ s: LedgerStatement) {
        code = s.code; name = s.name; from = s.days.from.description; to = s.days.to.description
        accounts = [s.prepaid, s.commissionPayable].map { a in
            Account(account: a.account.rawValue, openingFen: a.opening.fen, closingFen: a.closing.fen, totalFen: a.total.fen,
                    lines: a.lines.map { Line(entryId: $0.entryId, at: OrderJSON.time($0.at), kind: $0.kind.rawValue, orderNo: $0.orderNo,
                                              reference: $0.reference, amountFen: $0.amount.fen, balanceAfterFen: $0.balanceAfter.fen) })
        }
    }
}
