/// Makes text from outside (product names, notes, file contents, reasons) safe to show on a terminal:
/// every control character, escape, bidi override and zero-width character becomes visible
/// (`^[`, `<U+202E>`…) instead of acting. The one function at the model→view boundary.
public enum TerminalSafe {
    public static func visible(_ text: String) -> String {
        // Fast path: printable ASCII and ordinary non-ASCII text pass through untouched.
        if text.unicodeScalars.allSatisfy({ !needsEscaping($0) }) { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            if !needsEscaping(scalar) { out.unicodeScalars.append(scalar); continue }
            switch scalar.value {
            case 0x00...0x1F: out += "^" + String(UnicodeScalar(UInt8(scalar.value + 0x40)))
            case 0x7F: out += "^?"
            default: out += "<U+" + hex(scalar.value) + ">"
            }
        }
        return out
    }

    public static func needsEscaping(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true                 // C0, DEL, C1 (0x9B is CSI on some terminals)
        case 0x200B...0x200F, 0x2028, 0x2029: true          // zero-width, LRM/RLM, line/paragraph separators
        case 0x202A...0x202E, 0x2066...0x2069: true         // bidi embeddings, overrides, isolates
        case 0xFEFF, 0xFFF9...0xFFFB: true                  // BOM / zero-width no-break, interlinear annotations
        default: false
        }
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
