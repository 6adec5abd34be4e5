/// The one check behind every identifier the domain accepts from people and files (SKUs, order numbers,
/// user names, domain labels): a length range and ASCII letters and digits plus a few named punctuation
/// bytes, so no lookalike, control or wide character can get into a key that SQL and logs compare.
enum ASCIIName {
    static func isValid(_ text: some StringProtocol, length: ClosedRange<Int>, punctuation: Set<UInt8>) -> Bool {
        length.contains(text.utf8.count) && text.utf8.allSatisfy { b in
            (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || punctuation.contains(b)
        }
    }

    static let underscoreHyphen: Set<UInt8> = [0x5F, 0x2D]              // _ -
    static let underscoreHyphenDot: Set<UInt8> = [0x5F, 0x2D, 0x2E]     // _ - .
    static let hyphen: Set<UInt8> = [0x2D]                              // -
}
