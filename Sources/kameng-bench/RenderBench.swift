import ArgumentParser
import Foundation
import NcursesTerminal
import TerminalUI

/// Render and diff of a full table frame: TerminalUI builds the Screen, the ncurses backend (headless,
/// writing to a file) diffs it against the previous frame and writes the changed cells.
struct RenderBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "render", abstract: "Table frame render + diff time, and bytes per selection move.")

    @Option var width = 200
    @Option var height = 60
    @Option var frames = 2_000

    func run() throws {
        let columns = [Table.Column("订单号", minWidth: 16), Table.Column("时间", minWidth: 19), Table.Column("分站", minWidth: 10),
                       Table.Column("商品", minWidth: 12, weight: 4), Table.Column("数量", minWidth: 4, alignment: .right),
                       Table.Column("金额", minWidth: 9, alignment: .right), Table.Column("状态", minWidth: 8), Table.Column("风险", minWidth: 4, alignment: .right)]
        let names = ["腾讯Q币100元直充卡", "中国移动话费充值50元", "哔哩哔哩大会员年卡（超长商品名称测试：自动发货，售后无忧，支持分站代理）", "Steam钱包充值卡100元（国区）"]
        let rows = (0..<500).map { i in
            Table.Row(["20261123\(String(format: "%07d", i))", "2026-11-23 18:\(String(format: "%02d", i % 60)):00", "sh-xiaoqi",
                       names[i % names.count], "\(1 + i % 3)", "\(99 + i).00", i % 17 == 0 ? "风控拦截" : "已发货", i % 17 == 0 ? "85" : ""])
        }
        func frame(selected: Int, width: Int = width, height: Int = height, highlight: Table.Highlight = .row) -> Screen {
            var screen = Screen(width: width, height: height)
            var table = Table(columns: columns, rows: rows, selected: selected)
            table.highlight = highlight
            _ = table.render(into: &screen, area: Rect(x: 0, y: 1, width: width, height: height - 2))
            return screen
        }
        // Render cost alone.
        var start = DispatchTime.now().uptimeNanoseconds
        for i in 0..<frames { _ = frame(selected: i % 40) }
        let renderMs = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 / Double(frames)

        // ncurses keeps one terminal per process: measure on one, stop it, then open the next.
        let terminal = try NcursesTerminal.startHeadless(columns: width, rows: height)
        terminal.draw(frame(selected: 0))
        start = DispatchTime.now().uptimeNanoseconds
        for i in 0..<frames { terminal.draw(frame(selected: (i % 2) * 5)) }
        let frameMs = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 / Double(frames)
        terminal.stop()

        let small = try NcursesTerminal.startHeadless(columns: 120, rows: 40)
        defer { small.stop() }
        func moveBytes(_ highlight: Table.Highlight) -> Int {
            small.draw(frame(selected: 3, width: 120, height: 40, highlight: highlight))
            let before = small.bytesWritten
            small.draw(frame(selected: 4, width: 120, height: 40, highlight: highlight))
            return small.bytesWritten - before
        }
        let rowBytes = moveBytes(.row), leadBytes = moveBytes(.leadColumn)

        print(String(format: "render of a %d×%d table frame (500 rows, Chinese names): %.3f ms", 200, 60, renderMs))
        print(String(format: "render + diff + write (headless ncurses, selection alternating): %.3f ms per frame (target ≤ 2 ms)", frameMs))
        print("bytes written when the selection moves one row at 120×40: \(leadBytes) with the console's first-column highlight, \(rowBytes) with a whole-row highlight (target ≤ 300)")
    }
}
