import Testing
import KamengDomain

private func charge(_ quantity: Int, retail: Int64, cost: Int64 = 0, own: Int, parent: Int?) -> OrderCharge {
    OrderCharge(quantity: quantity, retail: Money(fen: retail), unitCost: Money(fen: cost),
                commissionBasisPoints: own, parentBasisPoints: parent)
}

@Suite("OrderCharge: the price model")
struct OrderChargeTests {
    @Test("Docs/Money.md's worked example: 3 × IQIYI-GOLD-M (¥19.90, cost ¥16.00) at sh-xiaoqi (5%) under main-east (8%)")
    func workedExample() {
        let c = charge(3, retail: 1_990, cost: 1_600, own: 500, parent: 800)
        #expect(c.gross == Money(fen: 5_970))
        #expect(c.charge == Money(fen: 5_671))       // 5,970 − 298.5 rounded half up to 299
        #expect(c.override == Money(fen: 179))       // 477.6 → 478, less 299
        #expect(c.revenue == Money(fen: 5_492))
        #expect(c.cost == Money(fen: 4_800))
        #expect(c.margin == Money(fen: 692))
        #expect(c.chargePostings(substation: "sh-xiaoqi", parent: "main-east") == [
            LedgerPosting(account: .prepaid, substationCode: "sh-xiaoqi", amount: Money(fen: -5_671)),
            LedgerPosting(account: .commissionPayable, substationCode: "main-east", amount: Money(fen: 179)),
            LedgerPosting(account: .platformRevenue, amount: Money(fen: 5_492)),
            LedgerPosting(account: .costOfGoods, amount: Money(fen: 4_800)),
            LedgerPosting(account: .inventory, amount: Money(fen: -4_800)),
        ])
    }

    @Test("2 × ¥100 at 5% under a parent at 8%: no rounding")
    func roundFigures() {
        let c = charge(2, retail: 10_000, cost: 8_000, own: 500, parent: 800)
        #expect(c.gross == Money(fen: 20_000))
        #expect(c.charge == Money(fen: 19_000))
        #expect(c.override == Money(fen: 600))
        #expect(c.revenue == Money(fen: 18_400))
        #expect(c.cost == Money(fen: 16_000))
        #expect(c.margin == Money(fen: 2_400))
    }

    @Test("share rounds half up at the fen: just under, at and over one half", arguments: [
        // (gross fen, basis points, expected share fen)
        (99, 50, 0),      // 0.495 fen
        (100, 50, 1),     // 0.5 fen: up
        (101, 50, 1),     // 0.505 fen
        (1, 5_000, 1),    // 0.5 fen: up
        (3, 5_000, 2),    // 1.5 fen: up
        (5, 3_000, 2),    // 1.5 fen: up
        (7, 3_000, 2),    // 2.1 fen
        (19_999, 1_250, 2_500), // 2,499.875 fen
    ] as [(Int64, Int, Int64)])
    func halfUp(gross: Int64, basisPoints: Int, share: Int64) {
        let c = charge(1, retail: gross, own: basisPoints, parent: nil)
        #expect(c.gross.fen - c.charge.fen == share)
    }

    @Test("the share is rounded once per order, not per key")
    func roundedOncePerOrder() {
        // Per key 1 fen × 50% = 0.5 → 1 each, 3 in all; per order 3 fen × 50% = 1.5 → 2.
        let c = charge(3, retail: 1, own: 5_000, parent: nil)
        #expect(c.gross == Money(fen: 3))
        #expect(c.charge == Money(fen: 1))
    }

    @Test("the parent's override is max(0, parent's share − own share)", arguments: [
        // (own bp, parent bp, expected override on a gross of ¥100.00)
        (500, 800, 300), (800, 800, 0), (800, 500, 0), (0, 1_000, 1_000), (1_000, 0, 0),
    ] as [(Int, Int, Int64)])
    func override(own: Int, parent: Int, expected: Int64) {
        let c = charge(1, retail: 10_000, own: own, parent: parent)
        #expect(c.override == Money(fen: expected))
        #expect(c.revenue == c.charge - c.override)
        #expect(c.revenue >= .zero)
    }

    @Test("no parent: no override, whatever the rates")
    func noParent() {
        let c = charge(4, retail: 2_500, cost: 2_000, own: 300, parent: nil)
        #expect(c.override == .zero)
        #expect(c.charge == Money(fen: 9_700))
        #expect(c.revenue == c.charge)
        #expect(c.margin == Money(fen: 1_700))
    }

    @Test("override rounding: both shares are rounded before they are subtracted")
    func overrideRounding() {
        // gross 101 fen: own 50 bp → 0.505 → 1; parent 150 bp → 1.515 → 2; override 1, not round(1.01 − 0.505).
        let c = charge(1, retail: 101, own: 50, parent: 150)
        #expect(c.charge == Money(fen: 100))
        #expect(c.override == Money(fen: 1))
    }

    @Test("a sale below cost shows as a negative margin, never a clamp")
    func negativeMargin() {
        let c = charge(1, retail: 1_000, cost: 990, own: 500, parent: nil)
        #expect(c.margin == Money(fen: -40))
    }
}
