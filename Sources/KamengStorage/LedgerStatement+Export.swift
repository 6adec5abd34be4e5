import Foundation
import KamengDomain
import KamengImport

/// A statement as a spreadsheet: one row per posting of each account, between an opening and a
/// closing row. Shared by `kameng ledger statement --csv/--xlsx` and the statement benchmark, so the
/// speed measured is the speed people get. Amounts are yuan numbers ("-12.34"), left unguarded so a
/// spreadsheet sums them; every text cell is formula-guarded (`CSVExport`, `WorkbookExport`).
extension LedgerStatement {
    public static let exportHeader = ["account", "entry", "time_utc8", "kind", "order_no", "reference", "amount", "balance_after"]

    /// RFC 4180 text with CRLF line ends, as `CSVExport.document` writes it.
    public func csv() -> String {
        var out = CSVBytes(capacity: (prepaid.lines.count + commissionPayable.lines.count + 4) * 80)
        out.append(Self.exportHeader.joined(separator: ",")); out.newline()
        for account in [prepaid, commissionPayable] {
            let name = account.account.rawValue
            out.append("\(name),,\(Self.time(days.start)),opening,,,,"); out.yuan(account.opening.fen); out.newline()
            for line in account.lines {
                out.append(name); out.comma()
                out.integer(line.entryId); out.comma()
                out.utc8(line.at); out.comma()
                out.append(line.kind.rawValue); out.comma()
                if let orderNo = line.orderNo { out.field(orderNo) }
                out.comma()
                if let reference = line.reference { out.field(reference) }
                out.comma()
                out.yuan(line.amount.fen); out.comma()
                out.yuan(line.balanceAfter.fen); out.newline()
            }
            out.append("\(name),,\(Self.time(days.end)),closing,,,"); out.yuan(account.total.fen); out.comma(); out.yuan(account.closing.fen); out.newline()
        }
        return out.string
    }

    /// One sheet per account, with the same columns as the CSV.
    public func workbookSheets() -> [WorkbookExport.Sheet] {
        [prepaid, commissionPayable].map { account in
            let name = account.account.rawValue
            var rows: [[WorkbookExport.Cell]] = [Self.exportHeader.map { .text($0) }]
            rows.append([.text(name), .text(""), .text(Self.time(days.start)), .text("opening"), .text(""), .text(""), .text(""),
                         .number(account.opening.yuanString)])
            for line in account.lines {
                rows.append([.text(name), .number(String(line.entryId)), .text(Self.time(line.at)), .text(line.kind.rawValue),
                             .text(line.orderNo ?? ""), .text(line.reference ?? ""), .number(line.amount.yuanString),
                             .number(line.balanceAfter.yuanString)])
            }
            rows.append([.text(name), .text(""), .text(Self.time(days.end)), .text("closing"), .text(""), .text(""),
                         .number(account.total.yuanString), .number(account.closing.yuanString)])
            return WorkbookExport.Sheet(name: name, rows: rows)
        }
    }

    /// "2026-11-30 12:00:01" in UTC+8, the statement's own days; written digit by digit (`StoreTime`),
    /// since a month's statement formats hundreds of thousands of them.
    public static func time(_ date: Date) -> String {
        String(StoreTime.string(date.addingTimeInterval(TimeInterval(BusinessDay.timeZone.secondsFromGMT()))).prefix(19))
    }
}

/// The statement's CSV as bytes, written digit by digit: a month's statement is hundreds of thousands
/// of lines (the benchmark's target is 200,000 postings a second), and building it from `String`
/// pieces and `Money.description` took most of that time.
struct CSVBytes {
    private var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    var string: String { String(decoding: bytes, as: UTF8.self) }

    mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }
    mutating func comma() { bytes.append(0x2C) }
    mutating func newline() { bytes.append(0x0D); bytes.append(0x0A) }

    mutating func integer(_ value: Int64) {
        if value < 0 { bytes.append(0x2D) }
        digits(value.magnitude, minimum: 1)
    }

    /// Fen as yuan with two decimals: "-12.34", as `Money.yuanString`.
    mutating func yuan(_ fen: Int64) {
        if fen < 0 { bytes.append(0x2D) }
        digits(fen.magnitude / 100, minimum: 1)
        bytes.append(0x2E)
        digits(fen.magnitude % 100, minimum: 2)
    }

    /// "2026-11-30 12:00:01" in UTC+8 (`LedgerStatement.time`).
    mutating func utc8(_ date: Date) {
        bytes.append(contentsOf: StoreTime.string(date.addingTimeInterval(TimeInterval(BusinessDay.timeZone.secondsFromGMT()))).utf8.prefix(19))
    }

    /// Outside text: as `CSVExport.field` (formula-guarded, quoted when needed); plain text goes straight in.
    mutating func field(_ text: String) {
        let plain = text.utf8.first.map { !"=+-@\t\r".utf8.contains($0) } ?? true
            && !text.utf8.contains { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }
        if plain { bytes.append(contentsOf: text.utf8) } else { append(CSVExport.field(text)) }
    }

    private mutating func digits(_ value: UInt64, minimum: Int) {
        var buffer: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0, rest = value
        withUnsafeMutableBytes(of: &buffer) { raw in
            repeat {
                raw[19 - count] = UInt8(0x30 + rest % 10)
                rest /= 10
                count += 1
            } while rest > 0 || count < minimum
            bytes.append(contentsOf: raw[(20 - count)...])
        }
    }
}
