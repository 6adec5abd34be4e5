/// A one-row chart of recent values (sales per hour, stock level): ▁▂▃▄▅▆▇█, or `_.-=#` in ASCII mode.
/// Shows the last `area.width` values, right-aligned so the newest is always at the right edge.
public struct Sparkline: Sendable {
    public var values: [Double]
    public var glyphs: Glyphs
    /// The value drawn as a full bar; nil scales to the largest value shown.
    public var maximum: Double?

    public init(values: [Double], maximum: Double? = nil, glyphs: Glyphs = .unicode) {
        self.values = values
        self.maximum = maximum
        self.glyphs = glyphs
    }

    /// The glyph level (0 = lowest) of each value, with negatives and non-finite values drawn as 0.
    public static func levels(_ values: [Double], count: Int, maximum: Double? = nil) -> [Int] {
        let clean = values.map { $0.isFinite ? max(0, $0) : 0 }
        let top = maximum ?? clean.max() ?? 0
        guard top > 0, count > 1 else { return clean.map { _ in 0 } }
        return clean.map { min(count - 1, Int((min($0, top) / top * Double(count - 1)).rounded())) }
    }

    public func render(into screen: inout Screen, area: Rect) {
        guard !area.isEmpty, !glyphs.sparkline.isEmpty else { return }
        screen.fill(Rect(x: area.x, y: area.y, width: area.width, height: 1), style: Style(.sparkline))
        let shown = Array(values.suffix(area.width))
        let levels = Self.levels(shown, count: glyphs.sparkline.count, maximum: maximum)
        let text = String(levels.map { glyphs.sparkline[$0] })
        screen.write(text, at: Point(x: area.maxX - shown.count, y: area.y), maxWidth: shown.count,
                     style: Style(.sparkline))
    }
}
