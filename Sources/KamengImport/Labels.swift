/// What a labelled field or a header column means.
enum LabelRole: Equatable {
    case number, secret, expiry
    /// Kept in the note with its label (face value, remarks…).
    case note
    /// Dropped: another shop system's bookkeeping (row ids, creation times, sold flags).
    case ignore
}

/// The column labels suppliers and other shop systems use: simplified and traditional Chinese, English.
///
/// Matching is on a folded key: ASCII lowercased, with spaces, `_`, `-`, `.` and a trailing colon
/// removed ("Card No.", "card_no" and "CARDNO:" are one label). "No." alone is a row index, not
/// the card number, so it is a note label, like "ID" and 序号. Only a *known* label makes a line
/// labelled or a row a header, so a secret such as "ab:cd" is never mistaken for one.
enum Labels {
    static let table: [String: LabelRole] = {
        var t: [String: LabelRole] = [:]
        for k in ["卡号", "账号", "帐号", "卡序列号", "序列号", "充值卡号", "卡號", "帳號", "賬號", "卡序列號", "序列號",
                  "充值卡號", "card", "cardno", "cardnumber",
                  "number", "account", "serial", "serialno", "serialnumber", "sn", "cardid"] {
            t[k] = .number
        }
        for k in ["卡密", "密码", "卡密码", "密钥", "激活码", "兑换码", "充值码", "密碼", "卡密碼", "密鑰", "激活碼",
                  "啟動碼", "兌換碼", "充值碼", "carmi", "carmis", "cdkey", "key", "secret",
                  "password", "passwd", "pass", "pwd", "pin", "pincode", "code", "cardpin", "cardsecret",
                  "cardpassword", "cardkey"] {
            t[k] = .secret
        }
        for k in ["有效期", "有效期至", "到期", "到期时间", "到期日", "到期日期", "过期时间", "失效时间",
                  "截止日期", "到期時間", "過期時間", "失效時間", "expiry", "expires", "expire", "expiration", "expirydate", "expirationdate",
                  "exp", "validuntil", "valid", "validto"] {
            t[k] = .expiry
        }
        for k in ["面值", "面额", "金额", "价格", "售价", "备注", "说明", "商品", "商品名称", "名称", "类型",
                  "批次", "序号", "编号", "日期", "时间", "预告信息", "加价", "成本", "面額", "金額", "價格", "售價",
                  "備註", "備注", "說明", "名稱", "商品名稱", "類型", "序號", "編號", "時間", "info", "value", "facevalue", "amount", "denomination",
                  "price", "note", "notes", "remark", "remarks", "memo", "product", "name", "type", "batch",
                  "no", "date", "time"] {
            t[k] = .note
        }
        // dujiaoka's `carmis` table and dujiao-next's card export: bookkeeping, never a number or an expiry.
        for k in ["id", "status", "状态", "狀態", "goodsid", "productid", "skuid", "batchid", "orderid", "orderno", "isloop", "reservedat", "createdat",
                  "updatedat", "deletedat", "soldat", "usedat"] {
            t[k] = .ignore
        }
        return t
    }()

    /// The table keyed by folded scalars, so the labelled-line scanner can look a candidate up
    /// without building Strings (it runs once per colon of every labelled line).
    static let scalarTable: [[UInt32]: LabelRole] = {
        var t: [[UInt32]: LabelRole] = [:]
        for (k, v) in table { t[k.unicodeScalars.map(\.value)] = v }
        return t
    }()

    /// Labels with non-ASCII characters, longest first, as scalars: these may be glued to the
    /// previous value ("123密码:abc") because Chinese text has no spaces between words.
    static let cjkLabels: [(scalars: [UInt32], role: LabelRole)] = table
        .filter { $0.key.unicodeScalars.contains { !$0.isASCII } }
        .map { ($0.key.unicodeScalars.map(\.value), $0.value) }
        .sorted { $0.scalars.count > $1.scalars.count }

    /// Appends the folded form of `scalars` to `key` (same folding as `fold`).
    @inline(__always)
    static func fold<C: Collection>(_ scalars: C, into key: inout [UInt32]) where C.Element == UInt32 {
        for v in scalars {
            switch v {
            case 0x20, 0x5F, 0x2D, 0x2E, 0x3A, 0xFF1A, 0x3000, 0x09: continue
            case 0x41...0x5A: key.append(v + 32)
            default: key.append(v)
            }
        }
    }

    /// The role of `text` as a label, or nil when it is not one.
    static func role(of text: String) -> LabelRole? {
        let key = fold(text)
        return key.isEmpty ? nil : table[key]
    }

    /// Folds a candidate label to its table key.
    static func fold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            switch s {
            case " ", "_", "-", ".", ":", "：", "\u{3000}", "\t": continue
            case "A"..."Z": out.append(Unicode.Scalar(s.value + 32)!)
            default: out.append(s)
            }
        }
        return String(out)
    }
}
