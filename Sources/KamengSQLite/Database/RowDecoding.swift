import Foundation
import GRDB
import KamengDomain
import KamengStorage

/// Reading stored values as what they must be. A value the program does not know (a status no version
/// wrote, JSON that does not parse) is never read as a default: it is `StoreError.corruptRow`, naming
/// the table, the row, the column and the value, so a person can find it with sqlite3.
enum RowDecoding {
    /// A text column's value as a raw-value enum (a status, a role, a category…).
    static func value<T: RawRepresentable>(_ raw: String?, as type: T.Type = T.self, table: String, id: Int64,
                                            column: String) throws(StoreError) -> T where T.RawValue == String {
        guard let raw, let value = T(rawValue: raw) else {
            throw .corruptRow(table: table, id: id, column: column, value: raw.map(clip) ?? "NULL")
        }
        return value
    }

    /// An order's `risk_reasons` JSON.
    static func riskFindings(_ text: String?, orderId: Int64, memo: FindingsMemo? = nil) throws(StoreError) -> [RiskFinding] {
        if let text, let known = memo?.decoded[text] { return known }
        guard let text, let findings = try? JSONDecoder().decode([RiskFinding].self, from: Data(text.utf8)) else {
            throw .corruptRow(table: "orders", id: orderId, column: "risk_reasons", value: text.map(clip) ?? "NULL")
        }
        memo?.decoded[text] = findings
        return findings
    }

    /// Risk reasons already decoded while reading one list, by their stored text: the orders of a risk
    /// queue share a few dozen texts, and decoding each of 500 orders' JSON anew was most of the
    /// queue's reload on the 5M-order demo. Lives for one read, on one thread.
    final class FindingsMemo {
        var decoded: [String: [RiskFinding]] = [:]
    }

    /// A stored value as the error shows it: at most 200 characters.
    static func clip(_ value: String) -> String {
        value.count <= 200 ? value : String(value.prefix(200)) + "…"
    }
}

extension Row {
    /// The text column `column` of this row of `table` (whose id is in column `id`) as a raw-value enum.
    func decode<T: RawRepresentable>(_ column: String, as type: T.Type = T.self, table: String,
                                     idColumn: String = "id") throws(StoreError) -> T where T.RawValue == String {
        try RowDecoding.value(text(column), table: table, id: self[idColumn] ?? 0, column: column)
    }

    /// A column's text, or its value spelled out when it is not text (nil only for NULL).
    func text(_ column: String) -> String? { Self.text(self[column]) }

    /// The text of the column at `index`, as `text(_:)` spells it.
    func text(at index: Int) -> String? { Self.text(self[index]) }

    private static func text(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .null: return nil
        case .string(let text): return text
        case .int64(let n): return String(n)
        case .double(let d): return String(d)
        case .blob(let data): return "x'" + Hex.string(data) + "'"
        }
    }
}
