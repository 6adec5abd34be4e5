import TerminalUI
import CNcurses
import Glibc

/// The wide characters one cell's text becomes, and the width ncurses will give them.
///
/// Cell text is meant to be sanitised upstream, but this is the last point before bytes reach the
/// terminal, so C0/C1 controls and DEL (which could start an escape sequence: ESC, or 0x9B = CSI)
/// and anything `wcwidth` calls unprintable are replaced with `?` here regardless.
struct Glyph: Equatable {
    /// A spacing character plus up to three combining marks, NUL-terminated for setcchar.
    private(set) var storage: (wchar_t, wchar_t, wchar_t, wchar_t, wchar_t) = (0, 0, 0, 0, 0)
    private(set) var count = 0
    /// Columns ncurses will use: 1 or 2.
    private(set) var width = 1

    static let replacement = Glyph(ascii: 0x3F)  // "?"
    static let space = Glyph(ascii: 0x20)

    private init(ascii: UInt32) {
        storage.0 = wchar_t(ascii)
        count = 1
    }

    init(_ text: String) {
        var scalars = text.unicodeScalars.makeIterator()
        guard let first = scalars.next() else { self = .space; return }
        if first.isASCII, first.value >= 0x20, first.value != 0x7F {
            self.init(ascii: first.value)
        } else {
            // The table equal to glibc's C.UTF-8 wcwidth, not wcwidth itself: a width must not depend on what
            // the process locale happens to be at this moment (tests run in parallel in one process).
            let firstWidth = Self.isControl(first) ? -1 : DisplayWidth.wcwidth(first)
            guard firstWidth == 1 || firstWidth == 2 else { self = .replacement; return }
            self.init(ascii: 0)
            storage.0 = wchar_t(bitPattern: first.value)
            width = firstWidth
        }
        // Only combining marks ride along; a second spacing character (a ZWJ emoji part, the other half
        // of a flag) would need columns this cell does not have.
        while count < 4, let next = scalars.next() {
            guard Self.isCombining(next), !Self.isControl(next) else { continue }
            withUnsafeMutableBytes(of: &storage) { raw in
                raw.bindMemory(to: wchar_t.self)[count] = wchar_t(bitPattern: next.value)
            }
            count += 1
        }
    }

    /// The characters without the terminator, for tests and diagnostics.
    var scalars: [Unicode.Scalar] {
        withUnsafeBytes(of: storage) { raw in
            raw.bindMemory(to: wchar_t.self).prefix(count).compactMap { Unicode.Scalar(UInt32(bitPattern: $0)) }
        }
    }

    /// Fills an ncurses cell with this glyph drawn in the given attributes and colour pair.
    func render(into cell: inout cchar_t, attributes: attr_t, pair: Int32) {
        var text = storage
        withUnsafePointer(to: &text) { tuple in
            tuple.withMemoryRebound(to: wchar_t.self, capacity: 5) { chars in
                _ = kameng_setcchar(&cell, chars, attributes, pair)
            }
        }
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    private static func isCombining(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .spacingMark: true
        default: false
        }
    }

    static func == (lhs: Glyph, rhs: Glyph) -> Bool {
        lhs.width == rhs.width && lhs.scalars == rhs.scalars
    }
}
