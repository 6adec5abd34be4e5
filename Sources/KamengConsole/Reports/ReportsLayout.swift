import TerminalUI

/// Where the Reports pane draws in a body: the period line, two lines of headline figures, the chart,
/// then the tables. A large screen (`isGrid`) shows all four tables two by two; a smaller one shows the
/// section with the selection under a line naming the four. Shared by view and reducer, so a page is
/// exactly what a table shows.
struct ReportsLayout {
    var period: Rect
    var figures: Rect
    var chart: Rect
    /// The line naming the sections (only when one table is shown).
    var sectionBar: Rect?
    /// Each shown section's area: its title line, then its table.
    var tables: [ReportSection: Rect]

    static let gridMinWidth = 110
    static let gridMinTableHeight = 20

    init(_ body: Rect, section: ReportSection) {
        var rest = body
        (period, rest) = rest.splitTop(min(1, rest.height))
        (figures, rest) = rest.splitTop(min(2, rest.height))
        let chartHeight = body.height >= 30 ? 8 : (body.height >= 16 ? 4 : 0)
        (chart, rest) = rest.splitTop(min(chartHeight, rest.height))
        if body.width >= Self.gridMinWidth && rest.height >= Self.gridMinTableHeight {
            sectionBar = nil
            let (upper, lower) = rest.splitTop(rest.height / 2)
            let (topLeft, topRight) = upper.splitLeft((upper.width - 1) / 2)
            let (bottomLeft, bottomRight) = lower.splitLeft((lower.width - 1) / 2)
            // One blank column between the halves.
            func trimmed(_ r: Rect) -> Rect { Rect(x: r.x + 1, y: r.y, width: max(0, r.width - 1), height: r.height) }
            tables = [.products: topLeft, .substations: trimmed(topRight), .lowBalances: bottomLeft, .anomalies: trimmed(bottomRight)]
        } else {
            let (bar, below) = rest.splitTop(min(1, rest.height))
            sectionBar = bar
            tables = [section: below]
        }
    }

    var isGrid: Bool { sectionBar == nil }

    /// The table of `section` under its title line (the grid) or straight under the section bar.
    func tableArea(_ section: ReportSection) -> Rect? {
        guard let area = tables[section] else { return nil }
        return isGrid ? area.splitTop(min(1, area.height)).rest : area
    }

    /// Rows of data `section`'s table shows (a page for PgDn).
    func tableRows(_ section: ReportSection) -> Int {
        guard let area = tableArea(section) else { return 0 }
        return area.height >= 3 ? area.height - 2 : max(0, area.height - 1)
    }

}
