import Testing
import TerminalUI

enum Action: String, KeyAction, CaseIterable {
    case moveDown, moveUp, approve, refund, search, refresh, help, quit, nextPane
}

enum Keys {
    static let orders = Keymap<Action>(scope: "orders", title: "订单 Orders", bindings: [
        KeyBinding([.char("j"), .down], .moveDown, help: "下一行", group: "Navigation"),
        KeyBinding([.char("k"), .up], .moveUp, help: "上一行", group: "Navigation"),
        KeyBinding([.char("a")], .approve, help: "审核通过", showInHintBar: true, group: "Actions"),
        KeyBinding([.char("r")], .refund, help: "Refund order", showInHintBar: true, group: "Actions"),
        KeyBinding([.char("/")], .search, help: "搜索", showInHintBar: true, group: "Actions"),
    ])
    static let global = Keymap<Action>(scope: "global", title: "Global", bindings: [
        KeyBinding([.ctrl("l")], .refresh, help: "Redraw"),
        KeyBinding([.char("?"), .function(1)], .help, help: "帮助", showInHintBar: true),
        KeyBinding([.tab], .nextPane, help: "Next pane"),
        KeyBinding([.char("q")], .quit, help: "Quit", showInHintBar: true),
    ])
}

@Suite("Widget goldens")
struct WidgetGoldenTests {
    @Test(arguments: [80, 48, 30, 16, 9])
    func table(width: Int) {
        var screen = Screen(width: width, height: 9)
        Sample.table(selected: 1).render(into: &screen, area: Rect(screen))
        Snapshot.check(screen, "table-w\(width)", styles: width == 48)
    }

    @Test func tableASCII() {
        var screen = Screen(width: 48, height: 6)
        Sample.table(selected: 0, glyphs: .ascii).render(into: &screen, area: Rect(screen))
        Snapshot.check(screen, "table-ascii-w48")
    }

    @Test func tableScrollsToKeepSelectionVisible() {
        var screen = Screen(width: 40, height: 5)  // header, rule, 3 rows
        let offset = Sample.table(selected: 5).render(into: &screen, area: Rect(screen))
        #expect(offset == 3)
        Snapshot.check(screen, "table-scrolled", styles: true)
    }

    @Test func tableEmpty() {
        var screen = Screen(width: 30, height: 6)
        Table(columns: Sample.columns, rows: [], emptyMessage: "没有订单 No orders").render(into: &screen, area: Rect(screen))
        Snapshot.check(screen, "table-empty")
    }

    @Test(arguments: [60, 24, 12])
    func tabs(width: Int) {
        var screen = Screen(width: width, height: 1)
        Tabs(titles: ["订单", "商品", "卡密库存", "Suppliers"], active: 2).render(into: &screen, area: Rect(screen))
        Snapshot.check(screen, "tabs-w\(width)", styles: true)
    }

    @Test(arguments: [60, 30, 12, 4])
    func hintBar(width: Int) {
        var screen = Screen(width: width, height: 1)
        HintBar(keymaps: [Keys.orders, Keys.global]).render(into: &screen, area: Rect(screen))
        Snapshot.check(screen, "hintbar-w\(width)", styles: width == 30)
    }

    @Test(arguments: [60, 26])
    func confirmDialog(width: Int) {
        var screen = Screen(width: width, height: 12)
        screen.fill(Rect(screen), with: ".")
        let dialog = ConfirmDialog(title: "删除商品 \(Sample.longName)?", message: "将下架该商品并作废 7 张未售卡密。This cannot be undone.",
                                   confirmLabel: "删除", cancelLabel: "取消")
        dialog.render(into: &screen, area: Rect(screen), state: ConfirmDialogState())
        Snapshot.check(screen, "dialog-w\(width)", styles: width == 60)
    }

    @Test func confirmDialogShortScreenKeepsButtons() {
        var screen = Screen(width: 30, height: 5)
        let dialog = ConfirmDialog(title: "退款 腾讯Q币100元直充", message: "Refund 98.50 to the buyer?")
        dialog.render(into: &screen, area: Rect(screen), state: ConfirmDialogState(focus: .confirm))
        Snapshot.check(screen, "dialog-short", styles: true)
    }

    @Test func textFieldScrollsAndPlacesCursorAfterWideCharacters() {
        var screen = Screen(width: 14, height: 3)
        TextField(state: TextFieldState("腾讯Q币")).render(into: &screen, area: Rect(x: 1, y: 0, width: 12, height: 1))
        #expect(screen.cursor == Point(x: 1 + 7, y: 0))
        TextField(state: TextFieldState(Sample.longName, caret: 20))
            .render(into: &screen, area: Rect(x: 1, y: 1, width: 12, height: 1))
        TextField(state: TextFieldState(""), placeholder: "搜索商品…", focused: false)
            .render(into: &screen, area: Rect(x: 1, y: 2, width: 12, height: 1))
        Snapshot.check(screen, "textfield")
    }

    @Test func sparklineAndProgress() {
        var screen = Screen(width: 40, height: 6)
        let values: [Double] = [0, 1, 2, 3, 5, 8, 13, 21, 13, 8, 5, 3, 2, 1, 0, .nan, -4, 21]
        Sparkline(values: values).render(into: &screen, area: Rect(x: 0, y: 0, width: 40, height: 1))
        Sparkline(values: values, glyphs: .ascii).render(into: &screen, area: Rect(x: 0, y: 1, width: 10, height: 1))
        ProgressBar(fraction: 0.62, label: "12,400 行/s  ETA 0:42").render(into: &screen, area: Rect(x: 0, y: 2, width: 40, height: 1))
        ProgressBar(fraction: 0.62, label: "12,400 行/s  ETA 0:42", glyphs: .ascii)
            .render(into: &screen, area: Rect(x: 0, y: 3, width: 40, height: 1))
        ProgressBar(fraction: 0.62, label: "12,400 行/s  ETA 0:42").render(into: &screen, area: Rect(x: 0, y: 4, width: 12, height: 1))
        ProgressBar(fraction: 1.7, label: "done").render(into: &screen, area: Rect(x: 0, y: 5, width: 6, height: 1))
        Snapshot.check(screen, "sparkline-progress")
    }

    @Test(arguments: [60, 30])
    func helpOverlay(width: Int) {
        var screen = Screen(width: width, height: 14)
        HelpOverlay(title: "帮助 Help", keymaps: [Keys.orders, Keys.global]).render(into: &screen, area: Rect(screen))
        Snapshot.check(screen, "help-w\(width)")
    }

    @Test(arguments: [(40, 5), (20, 1), (7, 3)])
    func tooSmall(size: (Int, Int)) {
        var screen = Screen(width: size.0, height: size.1)
        TooSmall(minWidth: 80, minHeight: 24).render(into: &screen, area: Rect(screen))
        Snapshot.check(screen, "toosmall-\(size.0)x\(size.1)")
    }

    @Test func frames() {
        var screen = Screen(width: 24, height: 7)
        screen.drawFrame(Rect(x: 0, y: 0, width: 12, height: 4), title: "库存 Stock")
        screen.drawFrame(Rect(x: 12, y: 0, width: 12, height: 4), frame: .ascii, title: "腾讯Q币100元直充", glyphs: .ascii)
        screen.drawFrame(Rect(x: 0, y: 4, width: 2, height: 2))
        screen.drawFrame(Rect(x: 20, y: 5, width: 10, height: 5))  // partly off screen
        Snapshot.check(screen, "frames")
    }
}
