/// What staff type to find orders: words match an order number, buyer, IP or device exactly, and a
/// long enough word also the end of an order number (what a cut number shows: `…30-1000000`; a leading
/// `…` or `...` pasted with it is dropped);
/// `status:held`, `substation:CODE` (or `sub:`), `product:SKU` (or `sku:`) narrow the list. Chinese status
/// names work too (`状态:风控拦截`). Pure parsing, so the console and CLI read a query the same way.
public struct OrderQuery: Hashable, Sendable {
    public var words: [String] = []
    public var status: OrderStatus?
    public var substationCode: String?
    public var productSKU: String?
    /// Parts that could not be read (an unknown status, an empty `sku:`), to say so instead of ignoring them.
    public var problems: [String] = []

    public init() {}

    public var isEmpty: Bool { words.isEmpty && status == nil && substationCode == nil && productSKU == nil }

    public static func parse(_ text: String) -> OrderQuery {
        var query = OrderQuery()
        for token in text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "　" }).map(withoutLeadingEllipsis) {
            guard !token.isEmpty else { continue }
            guard let colon = token.firstIndex(where: { $0 == ":" || $0 == "：" }) else {
                query.words.append(token)
                continue
            }
            let key = token[..<colon].lowercased(), value = String(token[token.index(after: colon)...])
            guard !value.isEmpty else { query.problems.append("\(key): needs a value"); continue }
            switch key {
            case "status", "状态":
                if let status = OrderStatus.named(value) { query.status = status } else { query.problems.append("status: unknown \"\(value)\"") }
            case "substation", "sub", "分站": query.substationCode = value
            case "product", "sku", "商品": query.productSKU = value
            default: query.words.append(token)  // an IPv6 address or an order number with a colon
            }
        }
        return query
    }

    /// `token` without the ellipsis a cut identifier starts with on screen (`…30-1000000`, or `...` as
    /// typed by hand), so pasting what is shown finds it. Only at the start: an ellipsis elsewhere is
    /// part of what was typed.
    static func withoutLeadingEllipsis(_ token: Substring) -> String {
        var rest = token
        while true {
            if rest.hasPrefix("…") { rest = rest.dropFirst() } else if rest.hasPrefix("...") { rest = rest.dropFirst(3) } else { break }
        }
        return String(rest)
    }
}

extension OrderStatus {
    /// A status by its stored name, a common English word (held, no-stock) or its Chinese name.
    public static func named(_ text: String) -> OrderStatus? {
        let lower = text.lowercased()
        if let status = OrderStatus(rawValue: lower) { return status }
        switch lower {
        case "held", "risk": return .flagged
        case "nostock", "no-stock", "awaiting": return .awaitingStock
        case "nofunds", "no-funds", "funds": return .awaitingFunds
        default: return allCases.first { $0.chineseName == text }
        }
    }
}
