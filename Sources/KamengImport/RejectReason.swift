/// Why one record was not imported.
///
/// `rawValue` is a stable machine code (snake_case, for `--json` and for tests); `message` is the
/// English text the contract's JSON shows ("control character in secret"); `messageZH` is the
/// Chinese text for a zh UI. Codes are never renamed once shipped: add cases instead.
public enum RejectReason: String, Sendable, Equatable, CaseIterable {
    /// The line's bytes are not valid in the file's encoding (never replaced by U+FFFD).
    case undecodableBytes = "undecodable_bytes"
    /// The text already contains U+FFFD: it was damaged by an earlier conversion.
    case replacementCharacter = "replacement_character"
    /// The line exceeds `ImportOptions.maxRecordBytes`.
    case lineTooLong = "line_too_long"
    /// A CSV quoted field that never closes (within the record limit or before end of file).
    case unterminatedQuote = "unterminated_quote"
    /// No secret on the line (or the secret field is empty after trimming).
    case emptySecret = "empty_secret"
    /// A labelled line or a row with two secret fields: which one is the key is unknowable.
    case multipleSecrets = "multiple_secrets"
    /// C0 (other than ESC), DEL or C1 control, or a line/paragraph separator, inside the secret.
    case controlInSecret = "control_in_secret"
    /// ESC (U+001B) or CSI (U+009B) inside the secret: a terminal escape sequence.
    case escapeInSecret = "escape_in_secret"
    /// A bidirectional override, embedding, isolate or mark inside the secret.
    case bidiInSecret = "bidi_in_secret"
    /// A zero-width or other invisible format character inside the secret.
    case zeroWidthInSecret = "zero_width_in_secret"
    /// More than 256 Unicode scalars after trimming.
    case secretTooLong = "secret_too_long"
    /// The secret is not in Unicode NFC, so its bytes are not the one form the store dedups on.
    case secretNotNFC = "secret_not_nfc"
    /// A control, escape, bidi or zero-width character inside the card number.
    case unsafeCharacterInNumber = "unsafe_character_in_number"
    /// More than 256 Unicode scalars in the card number.
    case numberTooLong = "number_too_long"
    /// A control, escape, bidi or zero-width character in a note field (shown on a terminal).
    case unsafeCharacterInNote = "unsafe_character_in_note"
    /// xlsx: the card number cell is an Excel number that may have lost digits.
    case cardNumberStoredAsNumber = "card_number_stored_as_number"
    /// xlsx: the secret cell is an Excel number that may have lost digits.
    case secretStoredAsNumber = "secret_stored_as_number"

    /// Stable machine code (same as `rawValue`).
    public var code: String { rawValue }

    /// English message, as shown in the import result.
    public var message: String {
        switch self {
        case .undecodableBytes: return "undecodable bytes"
        case .replacementCharacter: return "replacement character U+FFFD (damaged by an earlier conversion)"
        case .lineTooLong: return "line too long"
        case .unterminatedQuote: return "unterminated quoted field"
        case .emptySecret: return "empty secret"
        case .multipleSecrets: return "more than one secret field"
        case .controlInSecret: return "control character in secret"
        case .escapeInSecret: return "escape sequence in secret"
        case .bidiInSecret: return "bidi control in secret"
        case .zeroWidthInSecret: return "zero-width character in secret"
        case .secretTooLong: return "secret longer than 256 characters"
        case .secretNotNFC: return "secret not in Unicode NFC form"
        case .unsafeCharacterInNumber: return "control or invisible character in card number"
        case .numberTooLong: return "card number longer than 256 characters"
        case .unsafeCharacterInNote: return "control or invisible character in note"
        case .cardNumberStoredAsNumber: return "card number stored as a number (Excel keeps 15 digits)"
        case .secretStoredAsNumber: return "secret stored as a number (Excel keeps 15 digits)"
        }
    }

    /// Chinese message (简体中文) for a zh UI.
    public var messageZH: String {
        switch self {
        case .undecodableBytes: return "无法解码的字节"
        case .replacementCharacter: return "含替换字符 U+FFFD（文件此前已被错误转码）"
        case .lineTooLong: return "行过长"
        case .unterminatedQuote: return "引号字段未闭合"
        case .emptySecret: return "卡密为空"
        case .multipleSecrets: return "有多个卡密字段"
        case .controlInSecret: return "卡密含控制字符"
        case .escapeInSecret: return "卡密含转义序列"
        case .bidiInSecret: return "卡密含双向文本控制符"
        case .zeroWidthInSecret: return "卡密含零宽字符"
        case .secretTooLong: return "卡密超过 256 个字符"
        case .secretNotNFC: return "卡密不是 Unicode NFC 规范形式"
        case .unsafeCharacterInNumber: return "卡号含控制字符或不可见字符"
        case .numberTooLong: return "卡号超过 256 个字符"
        case .unsafeCharacterInNote: return "备注含控制字符或不可见字符"
        case .cardNumberStoredAsNumber: return "卡号以数字格式存储（Excel 只保留 15 位）"
        case .secretStoredAsNumber: return "卡密以数字格式存储（Excel 只保留 15 位）"
        }
    }
}
