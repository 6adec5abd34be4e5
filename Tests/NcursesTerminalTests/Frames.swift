import NcursesTerminal
import TerminalUI

/// Test frames built by hand, so these tests need only the Screen contract (not the widgets).
extension Screen {
    /// Writes `text` from (x, y): a wide character takes its cell plus a continuation cell.
    mutating func placeText(_ text: String, x: Int, y: Int, style: Style = Style()) {
        var column = x
        for character in text {
            let width = character.unicodeScalars.first.map(Self.testWidth) ?? 1
            guard column + width <= self.width else { return }
            self[column, y] = Cell(String(character), style: style)
            if width == 2 { self[column + 1, y] = .continuation(style: style) }
            column += width
        }
    }

    /// Paints a whole row's background in `style` (a selected table row spans the width).
    mutating func fillRow(_ y: Int, style: Style) {
        for x in 0..<width where !self[x, y].isContinuation || x > 0 {
            self[x, y].style = style
        }
    }

    /// East Asian wide ranges that the test data uses; enough for these frames.
    static func testWidth(_ scalar: Unicode.Scalar) -> Int {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6: 2
        default: 1
        }
    }
}

/// A 卡盟 order table like the console's: a header, a selected row, Chinese product names.
enum TableFrame {
    static let products = ["腾讯视频VIP月卡", "爱奇艺黄金会员", "网易云音乐年卡", "Steam充值卡 ¥100", "QQ音乐绿钻",
                           "优酷会员周卡", "百度网盘超级会员", "王者荣耀点券"]
    static let statuses = ["已发货", "待付款", "已退款", "处理中"]

    static func make(columns: Int = 120, rows: Int = 40, selected: Int) -> Screen {
        var screen = Screen(width: columns, height: rows)
        screen.placeText(" 卡盟后台  订单  商品  库存  分站  审计", x: 0, y: 0, style: Style(.title, bold: true))
        let header = "  订单号        商品                     卡密                     状态      金额      时间"
        screen.placeText(header, x: 0, y: 2, style: Style(.header, bold: true))
        for row in 0..<(rows - 6) {
            let y = 3 + row
            if row == selected { screen.fillRow(y, style: Style(.selected)) }
            let style = row == selected ? Style(.selected) : Style(statuses[row % 4] == "已退款" ? .muted : .normal)
            let line = "  " + pad("KM\(20240600 + row)", 14) + pad(products[row % products.count], 25)
                + pad("ABCD-\(1000 + row)-EFGH-****", 25) + pad(statuses[row % 4], 10)
                + pad("¥\(25 + row).00", 10) + "06-01 12:\(10 + row % 50)"
            screen.placeText(line, x: 0, y: y, style: style)
        }
        screen.placeText(" ↑↓ 选择  Enter 详情  / 搜索  ? 帮助  q 退出", x: 0, y: rows - 1, style: Style(.hint))
        return screen
    }

    /// Pads to a display width, counting wide characters twice.
    static func pad(_ text: String, _ width: Int) -> String {
        let used = text.unicodeScalars.reduce(0) { $0 + Screen.testWidth($1) }
        return text + String(repeating: " ", count: max(1, width - used))
    }
}
