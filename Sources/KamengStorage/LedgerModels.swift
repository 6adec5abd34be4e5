import Foundation
import KamengDomain

/// A substation's money at a glance: what `kameng ledger balance` prints.
public struct SubstationBalance: Hashable, Sendable {
    public var code: String
    public var name: String
    /// The prepaid account's balance; negative when it used its credit.
    public var balance: Money
    public var creditLimit: Money
    /// Whether delivery waits for funds (`awaiting_funds`) when balance plus credit does not cover a charge.
    public var fundsRequired: Bool
    /// Commission earned and not yet settled.
    public var commissionPayable: Money
    /// Orders waiting in `awaiting_funds`.
    public var awaitingFunds: Int

    /// What the next charges may take: balance plus credit limit.
    public var available: Money { balance + creditLimit }

    public init(code: String, name: String, balance: Money, creditLimit: Money, fundsRequired: Bool,
                commissionPayable: Money, awaitingFunds: Int) {
        self.code = code
        self.name = name
        self.balance = balance
        self.creditLimit = creditLimit
        self.fundsRequired = fundsRequired
        self.commissionPayable = commissionPayable
        self.awaitingFunds = awaitingFunds
    }
}

/// What a top-up, a credit-limit change or the funds switch did: the substation's money after it, and
/// the waiting orders it released in the same transaction.
public struct FundsChange: Hashable, Sendable {
    public var balance: SubstationBalance
    /// Order numbers delivered now, oldest paid first.
    public var delivered: [String]
    /// Order numbers released from `awaiting_funds` that found too few keys and now wait for stock.
    public var awaitingStock: [String]

    public init(balance: SubstationBalance, delivered: [String], awaitingStock: [String]) {
        self.balance = balance
        self.delivered = delivered
        self.awaitingStock = awaitingStock
    }
}

/// One posting on a statement.
public struct StatementLine: Hashable, Sendable {
    public var entryId: Int64
    public var at: Date
    public var kind: LedgerEntryKind
    /// The order of a charge or refund.
    public var orderNo: String?
    /// A top-up's reference or a settlement's period.
    public var reference: String?
    public var amount: Money
    /// The account's balance after this posting.
    public var balanceAfter: Money

    public init(entryId: Int64, at: Date, kind: LedgerEntryKind, orderNo: String?, reference: String?, amount: Money, balanceAfter: Money) {
        self.entryId = entryId
        self.at = at
        self.kind = kind
        self.orderNo = orderNo
        self.reference = reference
        self.amount = amount
        self.balanceAfter = balanceAfter
    }
}

/// One account of a statement: opening + the sum of the lines = closing.
public struct AccountStatement: Hashable, Sendable {
    public var account: LedgerAccountKind
    public var opening: Money
    public var lines: [StatementLine]
    public var closing: Money

    public init(account: LedgerAccountKind, opening: Money, lines: [StatementLine], closing: Money) {
        self.account = account
        self.opening = opening
        self.lines = lines
        self.closing = closing
    }

    /// The sum of the lines' amounts.
    public var total: Money { lines.reduce(.zero) { $0 + $1.amount } }
}

/// A substation's statement: its prepaid account and its commission payable over some days.
public struct LedgerStatement: Hashable, Sendable {
    public var code: String
    public var name: String
    public var days: BusinessDays
    public var prepaid: AccountStatement
    public var commissionPayable: AccountStatement

    public init(code: String, name: String, days: BusinessDays, prepaid: AccountStatement, commissionPayable: AccountStatement) {
        self.code = code
        self.name = name
        self.days = days
        self.prepaid = prepaid
        self.commissionPayable = commissionPayable
    }
}

/// A month's commission paid out to a substation.
public struct Settlement: Hashable, Sendable {
    public var code: String
    public var period: SettlementPeriod
    public var amount: Money
    public var entryId: Int64
    public var at: Date
    public var actor: String

    public init(code: String, period: SettlementPeriod, amount: Money, entryId: Int64, at: Date, actor: String) {
        self.code = code
        self.period = period
        self.amount = amount
        self.entryId = entryId
        self.at = at
        self.actor = actor
    }
}

/// What `kameng ledger verify` found: the counts it checked and the first broken fact, if any.
public struct LedgerVerification: Hashable, Sendable {
    public var entries: Int
    public var postings: Int
    public var accounts: Int
    /// The first broken fact in words a person can act on (names the entry, account or order); nil when sound.
    public var firstProblem: String?

    public var isSound: Bool { firstProblem == nil }

    public init(entries: Int, postings: Int, accounts: Int, firstProblem: String?) {
        self.entries = entries
        self.postings = postings
        self.accounts = accounts
        self.firstProblem = firstProblem
    }
}

/// What reconciliation looks for.
public enum AnomalyKind: String, CaseIterable, Hashable, Sendable, Codable {
    /// Paid more than `staleAfter` ago and still not delivered.
    case paidNotDelivered = "paid_not_delivered"
    /// Delivered (after the ledger started) with no charge entry.
    case deliveredWithoutCharge = "delivered_without_charge"
    /// A charge entry on an order that is not delivered (nor refunded with its reversal).
    case chargeWithoutDelivery = "charge_without_delivery"
    /// A second payment arrived for an order already paid.
    case doublePayment = "double_payment"
    /// What was paid, or what was charged, differs from what it should be.
    case amountMismatch = "amount_mismatch"
}

/// One thing reconciliation found, with its order.
public struct ReconciliationAnomaly: Hashable, Sendable {
    public var kind: AnomalyKind
    public var orderId: Int64
    public var orderNo: String
    public var substationCode: String
    public var status: OrderStatus
    /// The figures behind it, in English (e.g. "paid ¥10.00, order ¥12.00").
    public var detail: String

    /// Explained when the order waits for stock or funds or is held for review: staff know why.
    public var isExplained: Bool { [.awaitingStock, .awaitingFunds, .flagged].contains(status) }

    public init(kind: AnomalyKind, orderId: Int64, orderNo: String, substationCode: String, status: OrderStatus, detail: String) {
        self.kind = kind
        self.orderId = orderId
        self.orderNo = orderNo
        self.substationCode = substationCode
        self.status = status
        self.detail = detail
    }
}

/// What `kameng reconcile` reports.
public struct ReconciliationReport: Hashable, Sendable {
    public var days: BusinessDays
    /// Orders looked at.
    public var orders: Int
    public var anomalies: [ReconciliationAnomaly]

    public var unexplained: [ReconciliationAnomaly] { anomalies.filter { !$0.isExplained } }

    public init(days: BusinessDays, orders: Int, anomalies: [ReconciliationAnomaly]) {
        self.days = days
        self.orders = orders
        self.anomalies = anomalies
    }
}

/// What the charges and refunds moved over some orders, net of refunds.
public struct MoneyFigures: Hashable, Sendable {
    public var orders: Int = 0
    public var units: Int = 0
    public var gross: Money = .zero
    /// Charged to substations, less refunds.
    public var charged: Money = .zero
    /// Overrides earned by parents, less refunds.
    public var commission: Money = .zero
    public var cost: Money = .zero
    public var refunds: Int = 0
    public var refunded: Money = .zero

    /// The platform's revenue: charged less commission.
    public var revenue: Money { charged - commission }
    /// Revenue less the keys' cost.
    public var margin: Money { revenue - cost }

    public init() {}
}

/// A day's figures in a report.
public struct DayFigures: Hashable, Sendable {
    public var day: BusinessDay
    public var figures: MoneyFigures
    public init(day: BusinessDay, figures: MoneyFigures) { self.day = day; self.figures = figures }
}

/// One row of a report's table: a product (`key` its SKU) or a substation (`key` its code).
public struct NamedFigures: Hashable, Sendable {
    public var key: String
    public var name: String
    public var figures: MoneyFigures
    public init(key: String, name: String, figures: MoneyFigures) { self.key = key; self.name = name; self.figures = figures }
}

/// A substation whose funds will not last: like stock cover, in days of its average daily charge.
public struct LowBalance: Hashable, Sendable {
    public var balance: SubstationBalance
    /// Average charged per day over the report's period.
    public var dailyCharge: Money
    /// How many days `available` lasts at that rate (0 when nothing is left).
    public var daysOfCover: Double
    public init(balance: SubstationBalance, dailyCharge: Money, daysOfCover: Double) {
        self.balance = balance
        self.dailyCharge = dailyCharge
        self.daysOfCover = daysOfCover
    }
}

/// The Reports pane's data for one period.
public struct MoneyReport: Hashable, Sendable {
    public var days: BusinessDays
    public var totals: MoneyFigures
    /// One per day of the period, oldest first, zeros included.
    public var perDay: [DayFigures]
    /// Largest gross first.
    public var perProduct: [NamedFigures]
    public var perSubstation: [NamedFigures]
    /// Substations that must pay first and whose funds last fewer than `coverDays` days, fewest first.
    public var lowBalances: [LowBalance]

    public init(days: BusinessDays, totals: MoneyFigures, perDay: [DayFigures], perProduct: [NamedFigures],
                perSubstation: [NamedFigures], lowBalances: [LowBalance]) {
        self.days = days
        self.totals = totals
        self.perDay = perDay
        self.perProduct = perProduct
        self.perSubstation = perSubstation
        self.lowBalances = lowBalances
    }
}
