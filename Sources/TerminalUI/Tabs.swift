/// The numbered pane tabs along the top: ` 1 订单 │ 2 商品 │ 3 卡密 `. The active tab is reverse and bold
/// as well as coloured, so it is visible without colour.
public struct Tabs: Sendable {
    public var titles: [String]
    public var active: Int
    public var glyphs: Glyphs

    public init(titles: [String], active: Int, glyphs: Glyphs = .unicode) {
        self.titles = titles
        self.active = active
        self.glyphs = glyphs
    }

    /// The labels drawn for each tab: full (" 1 订单 ") when they all fit, otherwise inactive tabs shrink
    /// to their number (" 2 ") so the active one keeps its title; what still overflows is clipped.
    public func labels(forWidth width: Int) -> [String] {
        let full = titles.enumerated().map { " \($0.offset + 1) \($0.element) " }
        if totalWidth(full) <= width { return full }
        return full.enumerated().map { i, label in i == active ? label : " \(i + 1) " }
    }

    private func totalWidth(_ labels: [String]) -> Int {
        labels.reduce(0) { $0 + DisplayWidth.width(of: $1) } + max(0, labels.count - 1)
    }

    public func render(into screen: inout Screen, area: Rect) {
        guard !area.isEmpty else { return }
        screen.fill(Rect(x: area.x, y: area.y, width: area.width, height: 1), style: Style(.tabInactive))
        var x = area.x
        for (i, label) in labels(forWidth: area.width).enumerated() {
            let room = area.maxX - x
            guard room > 0 else { break }
            if i > 0 {
                x += screen.write(String(glyphs.frame.vertical), at: Point(x: x, y: area.y), maxWidth: room,
                                  style: Style(.border))
            }
            let style = i == active ? Style(.tabActive, bold: true, reverse: true) : Style(.tabInactive)
            let fitted = TextFit.truncate(label, toWidth: area.maxX - x, ellipsis: glyphs.ellipsis)
            x += screen.write(fitted, at: Point(x: x, y: area.y), maxWidth: area.maxX - x, style: style,
                              replacement: glyphs.replacement)
        }
    }
}
