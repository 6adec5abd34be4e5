/// An amount of money in fen (分), the smallest unit of the yuan: ¥12.34 is `Money(fen: 1234)`.
/// Integer arithmetic only, so sums are exact and never drift the way floating point would.
public struct Money: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var fen: Int64

    public init(fen: Int64) { self.fen = fen }

    /// Parses "12.34", "12", "¥12.3" or "-0.05"; more than two decimals is an error, not a rounding.
    public init?(yuan text: String) {
        var body = Substring(text.trimmingASCIISpaces())
        var negative = false
        if body.hasPrefix("-") { negative = true; body = body.dropFirst() }
        if body.hasPrefix("¥") || body.hasPrefix("￥") { body = body.dropFirst() }
        if !negative, body.hasPrefix("-") { negative = true; body = body.dropFirst() }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        func isDigits(_ s: Substring) -> Bool { !s.isEmpty && s.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
        guard (1...2).contains(parts.count), isDigits(parts[0]), let whole = Int64(parts[0]) else { return nil }
        var fraction: Int64 = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard (1...2).contains(digits.count), isDigits(digits), let value = Int64(digits) else { return nil }
            fraction = digits.count == 1 ? value * 10 : value
        }
        let (scaled, overflow) = whole.multipliedReportingOverflow(by: 100)
        guard !overflow else { return nil }
        if negative {
            let (value, o) = (0 - scaled).subtractingReportingOverflow(fraction)
            guard !o else { return nil }
            self.fen = value
        } else {
            let (value, o) = scaled.addingReportingOverflow(fraction)
            guard !o else { return nil }
            self.fen = value
        }
    }

    public static let zero = Money(fen: 0)
    public static func + (a: Money, b: Money) -> Money { Money(fen: a.fen + b.fen) }
    public static func - (a: Money, b: Money) -> Money { Money(fen: a.fen - b.fen) }
    public static func * (a: Money, n: Int) -> Money { Money(fen: a.fen * Int64(n)) }
    public static func < (a: Money, b: Money) -> Bool { a.fen < b.fen }

    /// "¥12.34", always two decimals.
    public var description: String {
        let sign = fen < 0 ? "-" : ""
        let magnitude = fen.magnitude
        let cents = magnitude % 100
        return "\(sign)¥\(magnitude / 100).\(cents < 10 ? "0" : "")\(cents)"
    }

    /// The amount as "12.34" without a currency sign, for machine-readable output.
    public var yuanString: String { String(description.replacingOccurrences(of: "¥", with: "")) }

    /// `rate` in basis points (1/100 of a percent), rounded half away from zero to the fen.
    public func share(basisPoints rate: Int) -> Money {
        let scaled = fen * Int64(rate)
        let half: Int64 = scaled >= 0 ? 5_000 : -5_000
        return Money(fen: (scaled + half) / 10_000)
    }
}

extension String {
    func trimmingASCIISpaces() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
