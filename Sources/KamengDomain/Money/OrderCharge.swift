/// What one delivered order moves, by the price model of Docs/Money.md. For q keys of product P
/// delivered for substation S with parent T:
///
/// - gross = q × P's retail price
/// - S is charged gross − share(gross, S), from its balance, whatever its buyer paid
/// - T earns an override of max(0, share(gross, T) − share(gross, S)) into its commission payable
/// - platform revenue is the charge less the override
/// - cost of goods is q × P's cost price, against inventory
///
/// share(x, S) = x × S's commission in basis points ÷ 10,000, rounded half up, once per order.
/// A pure function, so every figure can be checked without a database.
public struct OrderCharge: Hashable, Sendable, Codable {
    public var gross: Money
    /// Debited from the ordering substation's prepaid balance.
    public var charge: Money
    /// Credited to the parent's commission payable (zero without a parent, or when the parent's share is not larger).
    public var override: Money
    /// Cost of the keys handed out, moved from inventory to cost of goods.
    public var cost: Money

    /// What the platform keeps of the charge.
    public var revenue: Money { charge - override }
    /// Revenue less the cost of the keys.
    public var margin: Money { revenue - cost }

    public init(gross: Money, charge: Money, override: Money, cost: Money) {
        self.gross = gross
        self.charge = charge
        self.override = override
        self.cost = cost
    }

    /// The charge of `quantity` keys at `retail` each (cost `unitCost` each) for a substation whose
    /// commission is `commissionBasisPoints`, under a parent whose commission is `parentBasisPoints`
    /// (nil: no parent).
    public init(quantity: Int, retail: Money, unitCost: Money, commissionBasisPoints: Int, parentBasisPoints: Int?) {
        let gross = retail * quantity
        let own = gross.share(basisPoints: commissionBasisPoints)
        var override = Money.zero
        if let parentBasisPoints {
            override = max(.zero, gross.share(basisPoints: parentBasisPoints) - own)
        }
        self.init(gross: gross, charge: gross - own, override: override, cost: unitCost * quantity)
    }
}
