/// Structural checks on a rendered screen, for tests of every widget and pane (here and in the console):
/// a screen that violates one of them would be drawn misaligned or wrapped by the terminal.
extension Screen {
    /// Human-readable violations, empty when the screen is well formed:
    /// - every cell holds one unit of width 1 or 2 (a spacing code point plus zero-width ones), no controls;
    /// - a wide cell is followed on its row by a continuation cell (so never sits in the last column);
    /// - a continuation cell follows a wide cell (no orphan right halves);
    /// - the cursor, if any, is on the screen.
    public func invariantViolations() -> [String] {
        var problems: [String] = []
        for y in 0..<height {
            for x in 0..<width {
                let cell = self[x, y]
                if cell.isContinuation {
                    let leftIsWide = x > 0 && !self[x - 1, y].isContinuation
                        && DisplayWidth.width(of: self[x - 1, y].text) == 2
                    if !leftIsWide { problems.append("(\(x),\(y)): continuation without a wide character before it") }
                    continue
                }
                let units = DisplayWidth.units(of: cell.text)
                if units.count != 1 || units[0].text != cell.text {
                    problems.append("(\(x),\(y)): cell text \(cell.text.debugDescription) is not exactly one unit")
                    continue
                }
                if cell.text.unicodeScalars.contains(where: DisplayWidth.isReplaced) {
                    problems.append("(\(x),\(y)): control or non-printable in \(cell.text.debugDescription)")
                }
                if units[0].width == 2 && (x + 1 >= width || !self[x + 1, y].isContinuation) {
                    problems.append("(\(x),\(y)): wide \(cell.text) without its continuation cell")
                }
            }
        }
        if let c = cursor, !contains(x: c.x, y: c.y) { problems.append("cursor \(c) is off the screen") }
        return problems
    }
}
