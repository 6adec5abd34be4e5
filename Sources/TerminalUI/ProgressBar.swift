/// A progress bar for long jobs (imports, exports): `██████▍░░░░  62%  12,400 行/s  ETA 0:42`.
/// The caller supplies the label (rate, ETA) already formatted, so this stays free of clocks and locale.
/// On a narrow area the label goes first, then the percentage; the bar itself always gets some room.
public struct ProgressBar: Sendable {
    public var fraction: Double
    public var label: String
    public var glyphs: Glyphs

    public init(fraction: Double, label: String = "", glyphs: Glyphs = .unicode) {
        self.fraction = fraction
        self.label = label
        self.glyphs = glyphs
    }

    /// `fraction` clamped to 0...1, NaN as 0.
    public var clamped: Double { fraction.isNaN ? 0 : min(1, max(0, fraction)) }

    /// The bar's cells for `width` columns: whole cells, then one partial cell (eighths) if the glyph
    /// set has them, then empty cells.
    public func bar(width: Int) -> String {
        guard width > 0 else { return "" }
        let exact = clamped * Double(width)
        var full = Int(exact)
        var text = String(repeating: glyphs.progressFull, count: full)
        let partials = glyphs.progressPartial
        if full < width, !partials.isEmpty {
            let eighths = Int((exact - Double(full)) * Double(partials.count + 1))
            if eighths > 0 {
                text.append(partials[min(eighths, partials.count) - 1])
                full += 1
            }
        }
        return text + String(repeating: glyphs.progressEmpty, count: width - full)
    }

    public func render(into screen: inout Screen, area: Rect) {
        guard !area.isEmpty else { return }
        let row = Rect(x: area.x, y: area.y, width: area.width, height: 1)
        screen.fill(row, style: Style(.progress))
        let percent = " \(Int((clamped * 100).rounded(.down)))%".leftPadded(to: 5)
        let brackets = glyphs.progressPartial.isEmpty ? 2 : 0  // ASCII bars need ends to be seen
        let minBar = 4
        var suffix = ""
        if row.width >= minBar + brackets + 5 + 2 + DisplayWidth.width(of: label), !label.isEmpty {
            suffix = percent + "  " + label
        } else if row.width >= minBar + brackets + 5 {
            suffix = percent
        }
        let barWidth = max(0, row.width - brackets - DisplayWidth.width(of: suffix))
        let bar = brackets > 0 ? "[" + self.bar(width: barWidth) + "]" : self.bar(width: barWidth)
        var x = row.x
        x += screen.write(bar, at: row.origin, maxWidth: row.width, style: Style(.progress))
        screen.write(suffix, at: Point(x: x, y: row.y), maxWidth: row.maxX - x, style: Style(.normal),
                     replacement: glyphs.replacement)
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        String(repeating: " ", count: max(0, width - DisplayWidth.width(of: self))) + self
    }
}
