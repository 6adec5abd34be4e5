import Foundation

/// A ledger account's kind. Per-substation kinds have one account per substation; the others are the
/// platform's own, one each. Every posting moves money between accounts and an entry's postings sum
/// to zero, so the sum over all accounts is always zero (Docs/Money.md).
public enum LedgerAccountKind: String, CaseIterable, Hashable, Sendable, Codable {
    /// A substation's prepaid balance (预存款): top-ups in, charges out.
    case prepaid
    /// What the platform owes a substation in commission (佣金应付): overrides in, settlements out.
    case commissionPayable = "commission_payable"
    /// The platform's revenue: the charges less the overrides.
    case platformRevenue = "platform_revenue"
    /// The cost of the keys handed out.
    case costOfGoods = "cost_of_goods"
    /// The keys on hand at cost; delivering moves their cost to cost of goods.
    case inventory
    /// Money received from substations (the bank side of a top-up).
    case topUpsReceived = "topups_received"
    /// Commission paid out to substations (the bank side of a settlement).
    case commissionPaid = "commission_paid"

    /// Whether each substation has its own account of this kind.
    public var perSubstation: Bool { self == .prepaid || self == .commissionPayable }
}

/// What a ledger entry records; each kind is written in the transaction of the act it records.
public enum LedgerEntryKind: String, CaseIterable, Hashable, Sendable, Codable {
    /// A delivery: the substation charged, the parent's override, revenue, and the keys' cost.
    case charge
    /// A refund of a charged order: exactly its charge and override reversed (the keys' cost stays).
    case refund
    /// Money received from a substation, under a reference unique per substation.
    case topUp = "topup"
    /// A month's commission payable paid out to a substation.
    case settlement
}

/// One line of an entry: an amount into (positive) or out of (negative) one account.
public struct LedgerPosting: Hashable, Sendable, Codable {
    public var account: LedgerAccountKind
    /// The substation of a per-substation account; nil for the platform's own accounts.
    public var substationCode: String?
    public var amount: Money

    public init(account: LedgerAccountKind, substationCode: String? = nil, amount: Money) {
        self.account = account
        self.substationCode = substationCode
        self.amount = amount
    }
}

extension OrderCharge {
    /// The charge entry's postings for an order of `substation` under `parent`; zero amounts left out.
    /// They sum to zero. A refund posts the first three negated (`refundPostings`).
    public func chargePostings(substation: String, parent: String?) -> [LedgerPosting] {
        var out = [LedgerPosting(account: .prepaid, substationCode: substation, amount: Money(fen: -charge.fen))]
        if let parent, override.fen != 0 {
            out.append(LedgerPosting(account: .commissionPayable, substationCode: parent, amount: override))
        }
        out.append(LedgerPosting(account: .platformRevenue, amount: revenue))
        if cost.fen != 0 {
            out.append(LedgerPosting(account: .costOfGoods, amount: cost))
            out.append(LedgerPosting(account: .inventory, amount: Money(fen: -cost.fen)))
        }
        return out.filter { $0.amount.fen != 0 }
    }

    /// The refund entry's postings: the charge and the override reversed; the keys' cost stays a loss.
    public func refundPostings(substation: String, parent: String?) -> [LedgerPosting] {
        chargePostings(substation: substation, parent: parent)
            .filter { $0.account != .costOfGoods && $0.account != .inventory }
            .map { LedgerPosting(account: $0.account, substationCode: $0.substationCode, amount: Money(fen: -$0.amount.fen)) }
    }
}

/// A settlement period: one calendar month in UTC+8 ("2026-11").
public struct SettlementPeriod: Hashable, Sendable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), (2000...9999).contains(year), (1...12).contains(month)
        else { return nil }
        self.year = year
        self.month = month
    }

    public var description: String { String(format: "%04d-%02d", year, month) }

    /// The period as days: its first and last day.
    public var days: BusinessDays {
        let first = BusinessDay(year: year, month: month, day: 1)!
        let next = month == 12 ? BusinessDay(year: year + 1, month: 1, day: 1)! : BusinessDay(year: year, month: month + 1, day: 1)!
        return BusinessDays(from: first, to: next.adding(days: -1))
    }
}
