import Testing
import TerminalUI

@Suite("Screen drawing")
struct DrawingTests {
    @Test func wideCharacterNeverInLastColumn() {
        var screen = Screen(width: 5, height: 1)
        let advanced = screen.write("ab腾讯", at: Point(x: 0, y: 0))
        #expect(screen.lines == ["ab腾 "])
        #expect(advanced == 5)
        #expect(screen[2, 0].text == "腾" && screen[3, 0].isContinuation)
        #expect(screen.invariantViolations().isEmpty)
    }

    @Test func maxWidthClipsWithSpaceForStraddlingWideCharacter() {
        var screen = Screen(width: 10, height: 1, fill: Cell("."))
        #expect(screen.write("腾讯Q币", at: Point(x: 1, y: 0), maxWidth: 3) == 3)
        #expect(screen.lines == [".腾 ......"])
    }

    @Test func unsafeCoordinatesAreNoOps() {
        var screen = Screen(width: 4, height: 2)
        screen.write("hello", at: Point(x: -2, y: 0))
        #expect(screen.lines[0] == "llo ")
        screen.write("中文", at: Point(x: -1, y: 1))   // 中 straddles the left edge: its right half is a space
        #expect(screen.lines[1] == " 文 ")
        screen.write("x", at: Point(x: 0, y: -1))
        screen.write("x", at: Point(x: 0, y: 2))
        screen.write("x", at: Point(x: 9, y: 0))
        screen.write("x", at: Point(x: 0, y: 0), maxWidth: -3)
        screen.fill(Rect(x: -5, y: -5, width: 0, height: 100))
        screen.drawFrame(Rect(x: 3, y: 1, width: 50, height: 50))
        var empty = Screen(width: 0, height: 0)
        empty.write("中", at: Point(x: 0, y: 0))
        empty.fill(Rect(x: 0, y: 0, width: 3, height: 3))
        empty.drawFrame(Rect(x: 0, y: 0, width: 3, height: 3))
        #expect(empty.lines.isEmpty)
        #expect(screen.invariantViolations().isEmpty)
    }

    @Test func overwritingHalfAWideCharacterClearsTheOtherHalf() {
        var screen = Screen(width: 6, height: 1)
        screen.write("中文字", at: Point(x: 0, y: 0))
        screen.write("x", at: Point(x: 1, y: 0))       // right half of 中
        screen.write("y", at: Point(x: 2, y: 0))       // left half of 文
        #expect(screen.lines == [" xy 字"])
        screen.write("国", at: Point(x: 3, y: 0))      // spans 文's old right half and 字's left half
        #expect(screen.lines == [" xy国 "])
        #expect(screen.invariantViolations().isEmpty)
    }

    @Test func controlCharactersAreNeverStored() {
        var screen = Screen(width: 8, height: 1)
        screen.write("a\u{1B}[2J\u{7}\u{9B}b", at: Point(x: 0, y: 0))
        #expect(screen.lines == ["a�[2J��b"])
        var ascii = Screen(width: 3, height: 1)
        ascii.write("\t\u{7F}\n", at: Point(x: 0, y: 0), replacement: "?")
        #expect(ascii.lines == ["???"])
        #expect(screen.invariantViolations().isEmpty)
    }

    @Test func invariantCheckerCatchesBrokenScreens() {
        var screen = Screen(width: 3, height: 1)
        screen[0, 0] = Cell("中")                       // no continuation after it
        screen[2, 0] = .continuation(style: Style())   // orphan
        #expect(screen.invariantViolations().count == 2)
        var control = Screen(width: 1, height: 1)
        control[0, 0] = Cell("\u{1B}")
        #expect(!control.invariantViolations().isEmpty)
    }

    @Test func layoutSizesAddUp() {
        #expect(Layout.sizes(total: 10, [.fixed(3), .weight(1), .weight(1)]) == [3, 3, 4])
        #expect(Layout.sizes(total: 2, [.fixed(3), .weight(1)]) == [2, 0])
        #expect(Layout.sizes(total: 7, [.weight(2), .weight(0), .weight(1)]) == [4, 0, 3])
        for total in 0...50 {
            #expect(Layout.sizes(total: total, [.fixed(2), .weight(3), .weight(5), .weight(1)]).reduce(0, +) == max(0, total))
        }
        let rect = Rect(x: 2, y: 1, width: 20, height: 10)
        #expect(rect.columns([.weight(1), .weight(1)], gap: 2).map(\.width) == [9, 9])
        #expect(rect.columns([.weight(1), .weight(1)], gap: 2)[1].x == 13)
        #expect(rect.rows([.fixed(1), .weight(1), .fixed(1)]).map(\.y) == [1, 2, 10])
        #expect(rect.inset(by: 1) == Rect(x: 3, y: 2, width: 18, height: 8))
        #expect(Rect(x: 0, y: 0, width: 1, height: 1).inset(by: 3).isEmpty)
        #expect(rect.centered(width: 10, height: 4) == Rect(x: 7, y: 4, width: 10, height: 4))
    }
}
