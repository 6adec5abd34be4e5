/// An area of the screen in cells. Sizes are never negative: every helper clamps, so layout arithmetic
/// on a tiny terminal yields empty rectangles instead of crashes.
public struct Rect: Equatable, Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    /// The whole of `screen`.
    public init(_ screen: Screen) { self.init(x: 0, y: 0, width: screen.width, height: screen.height) }

    public var isEmpty: Bool { width == 0 || height == 0 }
    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var origin: Point { Point(x: x, y: y) }

    public func contains(_ p: Point) -> Bool { p.x >= x && p.y >= y && p.x < maxX && p.y < maxY }

    /// Shrunk by `dx` columns on the left and right and `dy` rows at the top and bottom.
    public func inset(dx: Int, dy: Int) -> Rect {
        Rect(x: x + dx, y: y + dy, width: width - 2 * dx, height: height - 2 * dy)
    }

    /// Shrunk by `n` on every side (the inside of a frame is `inset(by: 1)`).
    public func inset(by n: Int) -> Rect { inset(dx: n, dy: n) }

    /// The overlap with `other` (empty, at `self`'s origin, if none).
    public func intersection(_ other: Rect) -> Rect {
        let left = max(x, other.x), top = max(y, other.y)
        let right = min(maxX, other.maxX), bottom = min(maxY, other.maxY)
        guard right > left, bottom > top else { return Rect(x: x, y: y, width: 0, height: 0) }
        return Rect(x: left, y: top, width: right - left, height: bottom - top)
    }

    /// A `width`×`height` rectangle centred in this one, shrunk to fit.
    public func centered(width w: Int, height h: Int) -> Rect {
        let cw = min(max(0, w), width), ch = min(max(0, h), height)
        return Rect(x: x + (width - cw) / 2, y: y + (height - ch) / 2, width: cw, height: ch)
    }

    /// The top `n` rows, and what remains below them.
    public func splitTop(_ n: Int) -> (top: Rect, rest: Rect) {
        let t = min(max(0, n), height)
        return (Rect(x: x, y: y, width: width, height: t), Rect(x: x, y: y + t, width: width, height: height - t))
    }

    /// The bottom `n` rows, and what remains above them.
    public func splitBottom(_ n: Int) -> (rest: Rect, bottom: Rect) {
        let b = min(max(0, n), height)
        return (Rect(x: x, y: y, width: width, height: height - b),
                Rect(x: x, y: maxY - b, width: width, height: b))
    }

    /// The left `n` columns, and what remains to their right.
    public func splitLeft(_ n: Int) -> (left: Rect, rest: Rect) {
        let l = min(max(0, n), width)
        return (Rect(x: x, y: y, width: l, height: height), Rect(x: x + l, y: y, width: width - l, height: height))
    }

    /// Stacked rows sized by `constraints` (see `Layout.sizes`).
    public func rows(_ constraints: [Layout.Constraint]) -> [Rect] {
        var top = y
        return Layout.sizes(total: height, constraints).map { h in
            defer { top += h }
            return Rect(x: x, y: top, width: width, height: h)
        }
    }

    /// Side-by-side columns sized by `constraints`, with `gap` blank columns between them.
    public func columns(_ constraints: [Layout.Constraint], gap: Int = 0) -> [Rect] {
        let gaps = max(0, gap) * max(0, constraints.count - 1)
        var left = x
        return Layout.sizes(total: width - gaps, constraints).map { w in
            defer { left += w + max(0, gap) }
            return Rect(x: left, y: y, width: w, height: height)
        }
    }
}

/// Dividing a length among parts: fixed sizes first, the rest shared by weight.
public enum Layout {
    /// How big one part should be.
    public enum Constraint: Sendable, Hashable {
        /// Exactly this many cells, if there is room (earlier parts are served first).
        case fixed(Int)
        /// A share of what the fixed parts leave, proportional to the weight.
        case weight(Int)
    }

    /// Sizes summing to `total` whenever there is any weighted part (otherwise to at most `total`).
    /// Weights are shared by cumulative rounding so the sizes always add up exactly and a resize by one
    /// column changes only one part by one.
    public static func sizes(total: Int, _ constraints: [Constraint]) -> [Int] {
        var remaining = max(0, total)
        var sizes = Array(repeating: 0, count: constraints.count)
        for (i, c) in constraints.enumerated() {
            if case .fixed(let n) = c {
                sizes[i] = min(max(0, n), remaining)
                remaining -= sizes[i]
            }
        }
        let weights = constraints.map { c -> Int in
            if case .weight(let w) = c { return max(0, w) }
            return 0
        }
        let totalWeight = weights.reduce(0, +)
        guard totalWeight > 0 else { return sizes }
        var cumulative = 0
        var given = 0
        for (i, w) in weights.enumerated() where w > 0 {
            cumulative += w
            let upTo = remaining * cumulative / totalWeight
            sizes[i] = upTo - given
            given = upTo
        }
        return sizes
    }
}
