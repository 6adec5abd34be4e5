/// SplitMix64: a small, fast generator whose sequence is fixed by its seed, so demo data is reproducible.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in 0..<bound.
    public mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }

    /// true with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < p }

    /// An index chosen with probability proportional to its weight.
    public mutating func weighted(_ weights: [Double]) -> Int {
        let total = weights.reduce(0, +)
        var pick = Double(next() >> 11) / Double(1 << 53) * total
        for (index, weight) in weights.enumerated() {
            pick -= weight
            if pick < 0 { return index }
        }
        return weights.count - 1
    }

    private static let keyAlphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789".utf8)
    private static let digits = Array("0123456789".utf8)

    /// A card-key-like secret of `length` characters from an alphabet without look-alikes.
    public mutating func secret(length: Int) -> String {
        String(decoding: (0..<length).map { _ in Self.keyAlphabet[below(Self.keyAlphabet.count)] }, as: UTF8.self)
    }

    public mutating func digitString(length: Int) -> String {
        String(decoding: (0..<length).map { _ in Self.digits[below(10)] }, as: UTF8.self)
    }
}
