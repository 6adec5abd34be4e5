import Foundation
import KamengTestSupport
import Testing
import TerminalUI

/// This target's goldens (Tests/TerminalUITests/Golden), checked by the shared `GoldenScreens` harness.
enum Snapshot {
    static let golden = GoldenScreens(besides: #filePath)

    static func text(_ screen: Screen, styles: Bool = false) -> String { GoldenScreens.text(screen, styles: styles) }

    static func check(_ screen: Screen, _ name: String, styles: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) {
        golden.check(screen, name, styles: styles, sourceLocation: sourceLocation)
    }
}

/// Shared sample data: mixed Chinese/ASCII, one very long name, one with a control character.
enum Sample {
    static let longName = "腾讯视频VIP会员年卡12个月官方直充自动到账（限新用户，每个QQ号限购一次）超长商品名称测试"
    static let columns = [
        Table.Column("商品", minWidth: 8, weight: 3),
        Table.Column("Price", minWidth: 6, weight: 1, alignment: .right),
        Table.Column("库存", minWidth: 4, weight: 1, alignment: .right),
        Table.Column("Status", minWidth: 6, weight: 1, alignment: .center),
    ]
    static let rows = [
        Table.Row(["腾讯Q币100元直充", "98.50", "1200", "在售"]),
        Table.Row([longName, "238.00", "7", "low"], role: .warn),
        Table.Row(["Steam Wallet $20", "139.00", "0", "售罄"], role: .danger),
        Table.Row(["网易一卡通50点", "48.00", "350", "ok"]),
        Table.Row(["iTunes\u{1B}[31m Gift 100", "680.00", "88", "在售"]),
        Table.Row(["王者荣耀点券60", "6.00", "9999", "在售"]),
    ]
    static func table(selected: Int? = 0, glyphs: Glyphs = .unicode) -> Table {
        Table(columns: columns, rows: rows, selected: selected, sort: Table.Sort(column: 1, descending: true),
              glyphs: glyphs)
    }
}
