/// How a secret is shown before it is stored (the preview, a refusal's sample lines): its first and
/// last few characters around an ellipsis, enough to recognise the column, never enough to use.
public enum SecretMask {
    /// `QDVF9ZK2WQ0MVX4` → `QDVF…0MVX4`; shorter secrets show less (`kaha01` → `ka…01`, `abcd` → `a…`).
    public static func mask(_ secret: String) -> String {
        let chars = Array(secret)
        switch chars.count {
        case 0: return ""
        case 1...4: return String(chars[0]) + "…"
        case 5: return String(chars[0]) + "…" + String(chars[4])
        case 6...11: return String(chars[0..<2]) + "…" + String(chars[(chars.count - 2)...])
        default: return String(chars[0..<4]) + "…" + String(chars[(chars.count - 5)...])
        }
    }

    /// Text from a supplier's file made safe to print: control characters, bidi overrides and
    /// zero-width characters become `·`, so a sample line cannot move the cursor or hide text.
    public static func printable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { s -> Unicode.Scalar in
            switch s.value {
            case 0x00...0x1F, 0x7F...0x9F, 0x200B...0x200F, 0x202A...0x202E, 0x2066...0x2069, 0xFEFF: return "·"
            default: return s
            }
        }))
    }
}
