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
        var out = Self.exportHeader.joined(separator: ",") + "\r\n"
        out.reserveCapacity((prepaid.lines.count + commissionPayable.lines.count + 4) * 80)
        for account in [prepaid, commissionPayable] {
            let name = account.account.rawValue
            out += "\(name),,\(Self.time(days.start)),opening,,,,\(account.opening.yuanString)\r\n"
            for line in account.lines {
                out += name; out += ","
                out += String(line.entryId); out += ","
                out += Self.time(line.at); out += ","
                out += line.kind.rawValue; out += ","
                out += line.orderNo.map(CSVExport.field) ?? ""; out += ","
                out += line.reference.map(CSVExport.field) ?? ""; out += ","
                out += line.amount.yuanString; out += ","
                out += line.balanceAfter.yuanString; out += "\r\n"
            }
            out += "\(name),,\(Self.time(days.end)),closing,,,\(account.total.yuanString),\(account.closing.yuanString)\r\n"
        }
        return out
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
