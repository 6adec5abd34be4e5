import Testing
@testable import TerminalUI

/// `Table.window`: a view that formats only the rows on screen and passes them with the selection
/// relative to the window draws exactly what the whole list would have drawn, at every height,
/// selection and previous offset (the order list, the risk queue and the batch list rely on it).
@Suite struct TableWindowTests {
    static let columns = [Table.Column("单号", minWidth: 6), Table.Column("商品", minWidth: 8, weight: 1)]

    static func rows(_ count: Int) -> [Table.Row] {
        (0..<count).map { Table.Row(["N\($0)", $0 % 3 == 0 ? "腾讯视频VIP会员年卡12个月超长名字\($0)" : "商品\($0)"]) }
    }

    static func screen(_ table: Table, height: Int) -> Screen {
        var screen = Screen(width: 30, height: height)
        table.render(into: &screen, area: Rect(x: 0, y: 0, width: 30, height: height))
        return screen
    }

    @Test(arguments: [0, 1, 2, 3, 5, 12])
    func theWindowDrawsWhatTheWholeListDraws(height: Int) {
        for count in [0, 1, 4, 9, 40] {
            for selected in [0, 1, 7, 20, 39] where selected < max(count, 1) {
                for previous in [0, 3, 25, 100] {
                    let all = Self.rows(count)
                    let whole = Table(columns: Self.columns, rows: all, selected: count == 0 ? nil : selected, scrollOffset: previous)
                    let area = Rect(x: 0, y: 0, width: 30, height: height)
                    let window = Table.window(area: area, selected: selected, scrollOffset: previous, rowCount: count)
                    let part = Array(all[window])
                    let windowed = Table(columns: Self.columns, rows: part, selected: part.isEmpty ? nil : selected - window.lowerBound,
                                         scrollOffset: 0)
                    #expect(Self.screen(windowed, height: height) == Self.screen(whole, height: height),
                            "height \(height), \(count) rows, selected \(selected), previous offset \(previous)")
                }
            }
        }
    }

    @Test func theWindowHoldsTheSelectionAndNoMoreThanTheBody() {
        let area = Rect(x: 0, y: 0, width: 30, height: 12)
        let window = Table.window(area: area, selected: 35, scrollOffset: 0, rowCount: 40)
        #expect(window.contains(35))
        #expect(window.count == 10, "12 lines less the header and its rule")
        #expect(Table.window(area: area, selected: 0, scrollOffset: 0, rowCount: 0).isEmpty)
    }
}
