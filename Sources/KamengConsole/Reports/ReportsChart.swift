import KamengDomain
import TerminalUI

/// A column chart of one amount per day: the peak's label on the top line's left, a column of block
/// glyphs per day (eighths with Unicode glyphs, whole cells in ASCII), the first and last day under it.
/// Columns widen to fill the width (up to 4 cells with a gap); more days than columns show the latest.
struct DailyBars {
    var title: String
    var days: [BusinessDay]
    var values: [Money]
    var glyphs: Glyphs

    func render(into screen: inout Screen, area: Rect, format: (Money) -> String) {
        guard area.height >= 2, area.width >= 12, !values.isEmpty, !glyphs.sparkline.isEmpty else { return }
        let peak = values.max() ?? .zero
        let peakLabel = format(peak)
        let axisWidth = max(DisplayWidth.width(of: peakLabel), DisplayWidth.width(of: title)) + 1
        let plot = Rect(x: area.x + axisWidth, y: area.y, width: max(0, area.width - axisWidth), height: area.height - 1)
        guard plot.width > 0 else { return }
        screen.write(title, at: area.origin, maxWidth: axisWidth - 1, style: Style(.header, bold: true), replacement: glyphs.replacement)
        if plot.height >= 2 {
            screen.write(peakLabel, at: Point(x: area.x, y: area.y + 1), maxWidth: axisWidth - 1, style: Style(.muted))
        }
        let shown = min(values.count, plot.width)
        let gap = shown * 2 <= plot.width ? 1 : 0
        let barWidth = max(1, min(4, (plot.width + gap) / shown - gap))
        let step = barWidth + gap
        let first = values.count - shown
        let levels = glyphs.sparkline.count
        for (column, index) in (first..<values.count).enumerated() {
            // Each cell holds `levels` steps; a positive value shows at least the lowest glyph.
            let total = plot.height * levels
            var units = peak.fen > 0 ? Int((Double(max(0, values[index].fen)) / Double(peak.fen) * Double(total)).rounded()) : 0
            if values[index].fen > 0 { units = max(1, units) }
            for row in 0..<plot.height {
                let filled = units - row * levels
                guard filled > 0 else { break }
                let glyph = filled >= levels ? glyphs.sparkline[levels - 1] : glyphs.sparkline[filled - 1]
                screen.write(String(repeating: String(glyph), count: barWidth),
                             at: Point(x: plot.x + column * step, y: plot.maxY - 1 - row), style: Style(.sparkline))
            }
        }
        let axis = Point(x: plot.x, y: area.maxY - 1)
        let start = label(days[first]), end = label(days[days.count - 1])
        screen.write(start, at: axis, maxWidth: plot.width, style: Style(.muted))
        let endX = plot.x + (shown - 1) * step + barWidth - DisplayWidth.width(of: end)
        if shown > 1, endX > axis.x + DisplayWidth.width(of: start) {
            screen.write(end, at: Point(x: endX, y: axis.y), style: Style(.muted))
        }
    }

    /// "12-08": the year is on the period line.
    private func label(_ day: BusinessDay) -> String { String(day.description.dropFirst(5)) }
}
