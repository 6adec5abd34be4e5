import Testing
@testable import TerminalUI

/// The selection highlight's extent: a whole row, or only the first column (the console's choice, which
/// keeps a selection move to two short runs over SSH).
@Suite struct TableHighlightTests {
    func render(_ highlight: Table.Highlight) -> Screen {
        var table = Table(columns: [Table.Column("单号", minWidth: 6), Table.Column("商品", minWidth: 8, weight: 1)],
                          rows: [Table.Row(["A1", "腾讯Q币10元"]), Table.Row(["B2", "魔兽世界30天月卡很长的名字"])],
                          selected: 1)
        table.highlight = highlight
        var screen = Screen(width: 30, height: 5)
        table.render(into: &screen, area: Rect(x: 0, y: 0, width: 30, height: 5))
        return screen
    }

    @Test func rowHighlightCoversTheWholeSelectedRow() {
        let screen = render(.row)
        #expect((0..<30).allSatisfy { screen[$0, 3].style == .selection })
        #expect((0..<30).allSatisfy { screen[$0, 2].style != .selection })
    }

    @Test func leadColumnHighlightCoversOnlyTheFirstColumn() {
        let screen = render(.leadColumn)
        let firstWidth = Table.columnWidths([Table.Column("单号", minWidth: 6), Table.Column("商品", minWidth: 8, weight: 1)],
                                            available: 30)[0]
        #expect(firstWidth > 0 && firstWidth < 30)
        #expect((0..<firstWidth).allSatisfy { screen[$0, 3].style == .selection })
        #expect((firstWidth..<30).allSatisfy { screen[$0, 3].style != .selection })
        #expect((0..<30).allSatisfy { screen[$0, 2].style != .selection })
    }
}
