/// Shown instead of the UI when the terminal is smaller than the layout needs:
/// "Terminal too small" / "need 80×24, now 40×10", centred, each line truncated to fit.
public struct TooSmall: Sendable {
    public var minWidth: Int
    public var minHeight: Int
    public var message: String
    public var needWord: String
    public var nowWord: String
    public var glyphs: Glyphs

    public init(minWidth: Int, minHeight: Int, message: String = "Terminal too small", needWord: String = "need",
                nowWord: String = "now", glyphs: Glyphs = .unicode) {
        self.minWidth = minWidth
        self.minHeight = minHeight
        self.message = message
        self.needWord = needWord
        self.nowWord = nowWord
        self.glyphs = glyphs
    }

    /// The lines shown for a screen of `width`×`height`. With one row, the size needed matters most:
    /// the message is dropped before it is.
    public func lines(width: Int, height: Int) -> [String] {
        let need = "\(needWord) \(minWidth)\(glyphs.times)\(minHeight)"
        let now = "\(nowWord) \(width)\(glyphs.times)\(height)"
        if height >= 2 { return [message, need + ", " + now] }
        let full = message + ", " + need
        return [DisplayWidth.width(of: full) <= width ? full : need]
    }

    public func render(into screen: inout Screen, area: Rect) {
        screen.fill(area, style: Style())
        guard !area.isEmpty else { return }
        let text = lines(width: screen.width, height: screen.height)
        let top = area.y + max(0, (area.height - text.count) / 2)
        for (i, line) in text.prefix(area.height).enumerated() {
            let style = i == 0 && text.count > 1 ? Style(.warn, bold: true) : Style()
            screen.write(TextFit.pad(line, toWidth: area.width, alignment: .center, ellipsis: glyphs.ellipsis),
                         at: Point(x: area.x, y: top + i), maxWidth: area.width, style: style,
                         replacement: glyphs.replacement)
        }
    }
}
