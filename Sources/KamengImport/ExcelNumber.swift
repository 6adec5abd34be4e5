/// The rule for card numbers and secrets that Excel stored as *numbers*.
///
/// Excel keeps 15 significant digits: a 19-digit card number typed into a number cell is stored
/// with its last digits turned to zeros, and nothing in the file says so. A numeric cell is
/// therefore accepted only when it is an integer of at most 15 digits *in all* — such a value is
/// exact in Excel and in a Double. "At most 15 significant digits" would not be enough:
/// 12345678901234500000 has 15, but its trailing zeros may be Excel's padding of lost digits.
/// The accepted text is printed without exponent or ".0".
enum ExcelNumber {
    /// The exact integer text of a numeric cell's `<v>` value, or nil when it may have lost digits
    /// (or is negative, fractional, or not a number).
    static func exactInteger(_ raw: String) -> String? {
        var mantissa: [UInt8] = [], fractionDigits = 0, exponent = 0
        var seenDot = false, seenDigit = false
        var utf8 = Substring(raw).utf8[...]
        if utf8.first == UInt8(ascii: "+") { utf8 = utf8.dropFirst() }
        while let b = utf8.first {
            if b >= 0x30 && b <= 0x39 {
                mantissa.append(b); seenDigit = true
                if seenDot { fractionDigits += 1 }
            } else if b == UInt8(ascii: ".") && !seenDot {
                seenDot = true
            } else if b == UInt8(ascii: "E") || b == UInt8(ascii: "e") {
                guard let e = Int(String(decoding: utf8.dropFirst(), as: UTF8.self)), abs(e) < 400 else { return nil }
                exponent = e
                break
            } else {
                return nil  // a sign, a space, anything else: not a plain non-negative number
            }
            utf8 = utf8.dropFirst()
        }
        guard seenDigit else { return nil }
        var shift = exponent - fractionDigits
        while shift < 0 {  // fractional part must be all zeros
            guard let last = mantissa.last else { break }
            guard last == 0x30 else { return nil }
            mantissa.removeLast(); shift += 1
        }
        if shift > 15 { return nil }
        mantissa.append(contentsOf: repeatElement(0x30, count: max(0, shift)))
        let digits = mantissa.drop { $0 == 0x30 }
        guard digits.count <= 15 else { return nil }
        return digits.isEmpty ? "0" : String(decoding: digits, as: UTF8.self)
    }

    /// A numeric cell shown in a note: shortest round-trip text, no ".0" (100 not 100.0).
    static func display(_ raw: String) -> String {
        guard let d = Double(raw), d.isFinite else { return raw }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return String(d)
    }
}
