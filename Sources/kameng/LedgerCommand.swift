import ArgumentParser
import Foundation
import KamengDomain
import KamengStorage

/// `kameng ledger topup|credit-limit|require-funds|balance|statement|settle|settlements|verify`: the
/// money (Docs/Money.md). Booking needs the finance role (or admin) and, for funds, a code; reading
/// needs `viewFinance`, checked here because the store's reads take no actor.
struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger", abstract: "Substations' balances, top-ups, statements and commission settlement (账务).",
        subcommands: [TopUp.self, CreditLimit.self, RequireFunds.self, Balance.self, LedgerStatementCommand.self, Settle.self,
                      Settlements.self, Verify.self])

    struct TopUp: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "topup",
            abstract: "Book money received from a substation; delivers its orders waiting for funds. Needs a code; audited.",
            discussion: "--ref is the bank transfer's reference, unique per substation: the same transfer is never booked twice.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Substation code.") var code: String
        @Argument(help: "Amount in yuan, e.g. 5000.00.") var amount: String
        @Option(help: "The bank transfer's reference (unique per substation).") var ref: String
        @OptionGroup var stepUp: StepUpOptions

        func run() async throws {
            let money = try LedgerInput.amount(amount, positive: true)
            let reference = ref.trimmingCharacters(in: .whitespaces)
            guard !reference.isEmpty else { throw CLIError(message: "--ref: the transfer's reference must not be empty", code: 2) }
            let (store, me) = try await global.openAsStaff()
            let code = try await stepUp.resolve(store, me, for: "top up \(self.code)")
            let change = try await store.topUp(substation: self.code, amount: money, reference: reference, by: me, stepUp: code)
            Output.say("Topped up \(self.code) by \(money) (ref \(reference)).")
            LedgerInput.report(change)
        }
    }

    struct CreditLimit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "credit-limit", abstract: "Set how far below zero a substation's balance may go. Needs a code; audited.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Substation code.") var code: String
        @Argument(help: "Credit limit in yuan, e.g. 1000.00 (0 for none).") var amount: String
        @OptionGroup var stepUp: StepUpOptions

        func run() async throws {
            let money = try LedgerInput.amount(amount, positive: false)
            let (store, me) = try await global.openAsStaff()
            let code = try await stepUp.resolve(store, me, for: "set the credit limit of \(self.code)")
            let change = try await store.setCreditLimit(substation: self.code, to: money, by: me, stepUp: code)
            Output.say("Credit limit of \(self.code) is now \(money).")
            LedgerInput.report(change)
        }
    }

    struct RequireFunds: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "require-funds",
            abstract: "Turn \"delivery needs funds\" on or off for a substation (off releases its waiting orders). Needs a code; audited.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Substation code.") var code: String
        @Argument(help: "on or off.") var setting: String
        @OptionGroup var stepUp: StepUpOptions

        func run() async throws {
            let required: Bool
            switch setting.lowercased() {
            case "on": required = true
            case "off": required = false
            default: throw CLIError(message: "on|off: expected on or off, not \(setting)", code: 2)
            }
            let (store, me) = try await global.openAsStaff()
            let code = try await stepUp.resolve(store, me, for: "turn funds \(required ? "on" : "off") for \(self.code)")
            let change = try await store.setFundsRequired(substation: self.code, required, by: me, stepUp: code)
            Output.say("Delivery for \(self.code) \(required ? "now needs funds" : "no longer needs funds").")
            LedgerInput.report(change)
        }
    }

    struct Balance: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every substation's balance, credit and funds switch (one's with CODE).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Substation code (all when omitted).") var code: String?
        @Flag(help: "Print a JSON array of {code, balanceFen, creditLimitFen, availableFen, fundsRequired}.") var json = false

        func run() async throws {
            let store = try await LedgerInput.openToRead(global)
            let balances = try await store.balances(substation: code)
            if json { try Output.json(balances.map(BalanceJSON.init)); return }
            Output.table(["CODE", "NAME", "BALANCE", "CREDIT", "AVAILABLE", "FUNDS", "COMMISSION", "WAITING"],
                         balances.map { [$0.code, $0.name, $0.balance.plain, $0.creditLimit.plain, $0.available.plain,
                                         $0.fundsRequired ? "required" : "off", $0.commissionPayable.plain, String($0.awaitingFunds)] })
        }
    }

    struct Settle: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Pay out a substation's commission payable for a month that is over, once; audited.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Substation code.") var code: String
        @Option(help: ArgumentHelp("The month, UTC+8.", valueName: "YYYY-MM")) var period: String

        func run() async throws {
            guard let month = SettlementPeriod(period) else { throw CLIError(message: "--period: expected YYYY-MM, e.g. 2026-11", code: 2) }
            let (store, me) = try await global.openAsStaff()
            let settlement = try await store.settle(substation: code, period: month, by: me, now: Date())
            Output.say("Settled \(settlement.code) for \(settlement.period): \(settlement.amount) paid out (entry \(settlement.entryId)).")
        }
    }

    struct Settlements: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Settlements made, newest first (one substation's with CODE).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Substation code (all when omitted).") var code: String?
        @Flag(help: "Print a JSON array.") var json = false

        func run() async throws {
            let store = try await LedgerInput.openToRead(global)
            let settlements = try await store.settlements(substation: code)
            if json { try Output.json(settlements.map(SettlementJSON.init)); return }
            Output.table(["CODE", "PERIOD", "AMOUNT", "ENTRY", "AT (UTC)", "BY"],
                         settlements.map { [$0.code, $0.period.description, $0.amount.plain, String($0.entryId), OrderJSON.time($0.at), $0.actor] })
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the ledger: sums zero, balances equal their postings, every delivery charged once, every refund reversed once; exit 1 naming the first broken fact.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let store = try await LedgerInput.openToRead(global)
            let result = try await store.verifyLedger()
            guard let problem = result.firstProblem else {
                Output.say("ledger sound: \(result.entries) entries, \(result.postings) postings, \(result.accounts) accounts")
                return
            }
            throw CLIError(message: "ledger broken: \(problem)")
        }
    }
}

/// What the ledger commands share: reading amounts and dates as typed, the read permission, and
/// how a change of funds is told.
enum LedgerInput {
    /// AMOUNT in yuan (`Money(yuan:)`): at most two decimals, never negative; a top-up more than zero.
    static func amount(_ text: String, positive: Bool) throws -> Money {
        guard let money = Money(yuan: text) else {
            throw CLIError(message: "AMOUNT: expected yuan with at most two decimals, e.g. 5000.00, not \(text)", code: 2)
        }
        guard positive ? money.fen > 0 : money.fen >= 0 else {
            throw CLIError(message: "AMOUNT: must be \(positive ? "more than 0" : "0 or more"), not \(text)", code: 2)
        }
        return money
    }

    /// A UTC+8 day typed as YYYY-MM-DD, `option` naming the field on error.
    static func day(_ text: String, option: String) throws -> BusinessDay {
        guard let day = BusinessDay(text) else { throw CLIError(message: "\(option): expected a date YYYY-MM-DD, not \(text)", code: 2) }
        return day
    }

    /// Opens the store as the acting staff member, who must be allowed to read the money.
    static func openToRead(_ global: GlobalOptions) async throws -> any KamengEngine {
        let (store, me) = try await global.openAsStaff()
        guard me.active, me.role.may(.viewFinance) else {
            throw StoreError.forbidden(user: "\(me.userName) (\(me.role.rawValue))", action: Permission.viewFinance.rawValue)
        }
        return store
    }

    static func report(_ change: FundsChange) {
        let b = change.balance
        Output.say("Balance \(b.balance), credit limit \(b.creditLimit), available \(b.available); funds \(b.fundsRequired ? "required" : "not required").")
        if !change.delivered.isEmpty {
            Output.say("Delivered \(change.delivered.count) waiting order(s): \(change.delivered.joined(separator: ", "))")
        }
        if !change.awaitingStock.isEmpty {
            Output.say("Now waiting for stock: \(change.awaitingStock.joined(separator: ", "))")
        }
        if b.awaitingFunds > 0 { Output.say("Still waiting for funds: \(b.awaitingFunds) order(s).") }
    }
}

/// The stable JSON shape of a balance (documented in Docs/CLI.md).
struct BalanceJSON: Codable {
    var code: String, balanceFen: Int64, creditLimitFen: Int64, availableFen: Int64, fundsRequired: Bool
    init(_ b: SubstationBalance) {
        code = b.code; balanceFen = b.balance.fen; creditLimitFen = b.creditLimit.fen; availableFen = b.available.fen; fundsRequired = b.fundsRequired
    }
}

/// The stable JSON shape of a settlement (documented in Docs/CLI.md).
struct SettlementJSON: Codable {
    var code: String, period: String, amountFen: Int64, entryId: Int64, at: String, actor: String
    init(_ s: Settlement) {
        code = s.code; period = s.period.description; amountFen = s.amount.fen; entryId = s.entryId; at = OrderJSON.time(s.at); actor = s.actor
    }
}
