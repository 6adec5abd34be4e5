import Testing
import KamengDomain

private func sum(_ postings: [LedgerPosting]) -> Int64 { postings.reduce(0) { $0 + $1.amount.fen } }

private func charge(_ quantity: Int, retail: Int64, cost: Int64, own: Int, parent: Int?) -> OrderCharge {
    OrderCharge(quantity: quantity, retail: Money(fen: retail), unitCost: Money(fen: cost),
                commissionBasisPoints: own, parentBasisPoints: parent)
}

/// Each account's net over some postings, keyed "kind/substation".
private func net(_ postings: [LedgerPosting]) -> [String: Int64] {
    postings.reduce(into: [:]) { $0["\($1.account.rawValue)/\($1.substationCode ?? "-")", default: 0] += $1.amount.fen }
}

@Suite("Ledger postings of a charge and its refund")
struct LedgerPostingsTests {
    @Test("a charge at a second-level substation: every posting, in order")
    func chargePostings() {
        let postings = charge(2, retail: 10_000, cost: 8_000, own: 500, parent: 800)
            .chargePostings(substation: "sz-nanshan", parent: "gd-agent")
        #expect(postings == [
            LedgerPosting(account: .prepaid, substationCode: "sz-nanshan", amount: Money(fen: -19_000)),
            LedgerPosting(account: .commissionPayable, substationCode: "gd-agent", amount: Money(fen: 600)),
            LedgerPosting(account: .platformRevenue, amount: Money(fen: 18_400)),
            LedgerPosting(account: .costOfGoods, amount: Money(fen: 16_000)),
            LedgerPosting(account: .inventory, amount: Money(fen: -16_000)),
        ])
    }

    @Test("postings sum to zero", arguments: [
        (1, 1, 0, 0, nil), (3, 1, 1, 5_000, 5_001), (2, 10_000, 8_000, 500, 800), (7, 999, 1_200, 333, 100),
        (1, 10_000, 0, 10_000, nil), (5, 4_321, 4_000, 0, 2_500), (1_000, 123_457, 99_999, 1_234, 9_876),
    ] as [(Int, Int64, Int64, Int, Int?)])
    func sumsToZero(quantity: Int, retail: Int64, cost: Int64, own: Int, parent: Int?) {
        let c = charge(quantity, retail: retail, cost: cost, own: own, parent: parent)
        let parentCode = parent == nil ? nil : "parent"
        #expect(sum(c.chargePostings(substation: "s", parent: parentCode)) == 0)
        #expect(sum(c.refundPostings(substation: "s", parent: parentCode)) == 0)
    }

    @Test("zero amounts are left out: no parent, no override, no cost")
    func zerosLeftOut() {
        let postings = charge(1, retail: 1_000, cost: 0, own: 500, parent: 300).chargePostings(substation: "s", parent: "p")
        #expect(postings.map(\.account) == [.prepaid, .platformRevenue])
        let noParent = charge(1, retail: 1_000, cost: 500, own: 500, parent: nil).chargePostings(substation: "s", parent: nil)
        #expect(noParent.map(\.account) == [.prepaid, .platformRevenue, .costOfGoods, .inventory])
        #expect(sum(noParent) == 0)
    }

    @Test("a refund reverses the charge and the override, and leaves the keys' cost")
    func refundReverses() {
        let c = charge(2, retail: 10_000, cost: 8_000, own: 500, parent: 800)
        let refund = c.refundPostings(substation: "sz-nanshan", parent: "gd-agent")
        #expect(refund == [
            LedgerPosting(account: .prepaid, substationCode: "sz-nanshan", amount: Money(fen: 19_000)),
            LedgerPosting(account: .commissionPayable, substationCode: "gd-agent", amount: Money(fen: -600)),
            LedgerPosting(account: .platformRevenue, amount: Money(fen: -18_400)),
        ])
        let after = net(c.chargePostings(substation: "sz-nanshan", parent: "gd-agent") + refund)
        #expect(after["prepaid/sz-nanshan"] == 0)
        #expect(after["commission_payable/gd-agent"] == 0)
        #expect(after["platform_revenue/-"] == 0)
        #expect(after["cost_of_goods/-"] == 16_000, "the keys handed out stay a loss")
        #expect(after["inventory/-"] == -16_000)
    }

    @Test("account kinds: only prepaid and commission payable are per substation")
    func perSubstation() {
        #expect(LedgerAccountKind.allCases.filter(\.perSubstation) == [.prepaid, .commissionPayable])
        #expect(LedgerAccountKind.allCases.map(\.rawValue) ==
                ["prepaid", "commission_payable", "platform_revenue", "cost_of_goods", "inventory", "topups_received", "commission_paid"])
        #expect(LedgerEntryKind.allCases.map(\.rawValue) == ["charge", "refund", "topup", "settlement"])
    }
}
