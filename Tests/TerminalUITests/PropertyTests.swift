import Testing
import TerminalUI

/// Sweeps of every width from 1 to 80: each widget drawn into an area with one sentinel column on either
/// side must leave the sentinels alone, keep the screen well formed (no split wide character, no orphan
/// continuation) and, for the table, put each column separator on the same display column in every row.
@Suite("Width sweeps 1…80")
struct PropertyTests {
    static let sentinel = Cell("~", style: Style(.accent))

    /// Renders with `draw` into a `width`-wide area at x = 1 of a `width + 2`-wide screen and returns the
    /// screen after checking the invariants and the sentinels.
    static func sweep(_ name: String, width: Int, height: Int, _ draw: (inout Screen, Rect) -> Void,
                      sourceLocation: SourceLocation = #_sourceLocation) -> Screen {
        var screen = Screen(width: width + 2, height: height + 1, fill: sentinel)
        let area = Rect(x: 1, y: 0, width: width, height: height)
        draw(&screen, area)
        let violations = screen.invariantViolations()
        #expect(violations.isEmpty, "\(name) w=\(width): \(violations.prefix(5))", sourceLocation: sourceLocation)
        for y in 0...height {
            for x in 0..<screen.width where !area.contains(Point(x: x, y: y)) {
                #expect(screen[x, y] == sentinel, "\(name) w=\(width): wrote outside its area at (\(x),\(y))",
                        sourceLocation: sourceLocation)
            }
        }
        return screen
    }

    @Test func tableColumnsStayAligned() {
        for width in 1...80 {
            let screen = Self.sweep("table", width: width, height: 8) { screen, area in
                Sample.table(selected: 2).render(into: &screen, area: area)
            }
            // Expected separator columns, from the widths the table says it uses.
            let widths = Table.columnWidths(Sample.columns, available: width)
            var expected: [Int] = []
            var x = 1
            for w in widths where w > 0 {
                if x > 1 { expected.append(x); x += 1 }
                x += w
            }
            #expect(x == 1 + width, "w=\(width): columns and separators do not fill the area exactly")
            for y in 0..<8 {
                let separator = y == 1 ? "┼" : "│"
                let found = (1...width).filter { screen[$0, y].text == separator }
                #expect(found == expected, "w=\(width) row \(y): separators at \(found), expected \(expected)\n\(screen.lines.joined(separator: "\n"))")
            }
        }
    }

    @Test func everyWidgetStaysInsideItsArea() {
        let dialog = ConfirmDialog(title: "删除 \(Sample.longName)", message: "作废 7 张未售卡密 and delist it.")
        for width in 1...80 {
            _ = Self.sweep("tabs", width: width, height: 1) { s, a in
                Tabs(titles: ["订单", "商品", "卡密库存", "Suppliers"], active: 3).render(into: &s, area: a)
            }
            _ = Self.sweep("hintbar", width: width, height: 1) { s, a in
                HintBar(keymaps: [Keys.orders, Keys.global]).render(into: &s, area: a)
            }
            _ = Self.sweep("dialog", width: width, height: 9) { s, a in
                dialog.render(into: &s, area: a, state: ConfirmDialogState())
            }
            _ = Self.sweep("help", width: width, height: 10) { s, a in
                HelpOverlay(keymaps: [Keys.orders, Keys.global]).render(into: &s, area: a)
            }
            _ = Self.sweep("textfield", width: width, height: 1) { s, a in
                TextField(state: TextFieldState(Sample.longName, caret: width % 30)).render(into: &s, area: a)
                #expect(s.cursor.map(a.contains) == true, "w=\(width): cursor \(String(describing: s.cursor)) outside the field")
            }
            _ = Self.sweep("progress", width: width, height: 1) { s, a in
                ProgressBar(fraction: 0.37, label: "1,234 行/s ETA 1:02").render(into: &s, area: a)
            }
            _ = Self.sweep("sparkline", width: width, height: 1) { s, a in
                Sparkline(values: (0..<100).map { Double($0 % 17) }).render(into: &s, area: a)
            }
            _ = Self.sweep("toosmall", width: width, height: 3) { s, a in
                TooSmall(minWidth: 80, minHeight: 24).render(into: &s, area: a)
            }
            _ = Self.sweep("write", width: width, height: 2) { s, a in
                s.write(Sample.longName, at: a.origin, maxWidth: a.width)
                s.write("腾讯Q币100元直充", at: Point(x: a.x, y: 1), maxWidth: a.width, style: Style(.ok))
            }
        }
    }

    /// The sweep's checks must be able to fail: a widget that writes past its area is caught.
    @Test func sweepDetectsOverflow() {
        var screen = Screen(width: 6, height: 1, fill: Self.sentinel)
        let area = Rect(x: 1, y: 0, width: 4, height: 1)
        screen.write("腾讯Q币", at: area.origin)  // no maxWidth: runs into the sentinel column
        #expect(screen[5, 0] != Self.sentinel)
        #expect(screen.invariantViolations().isEmpty)
    }
}
