import Testing
import TerminalUI

@Suite("Text fitting")
struct TextFitTests {
    @Test func truncateNeverSplitsWideCharactersOrOverflows() {
        #expect(TextFit.truncate("腾讯Q币100元直充", toWidth: 16) == "腾讯Q币100元直充")
        #expect(TextFit.truncate("腾讯Q币100元直充", toWidth: 15) == "腾讯Q币100元直…")
        #expect(TextFit.truncate("腾讯Q币100元直充", toWidth: 6) == "腾讯Q…")
        #expect(TextFit.truncate("腾讯Q币100元直充", toWidth: 7) == "腾讯Q …")  // 币 would straddle: space
        #expect(TextFit.truncate("腾讯Q币", toWidth: 1) == "…")
        #expect(TextFit.truncate("腾讯Q币", toWidth: 0) == "")
        #expect(TextFit.truncate("abcdef", toWidth: 4, ellipsis: "~") == "abc~")
        #expect(TextFit.truncate("abcdef", toWidth: 2, ellipsis: "...") == "..")
        #expect(TextFit.truncate("abcdef", toWidth: 5, ellipsis: "...") == "ab...")
        for text in [Sample.longName, "a中b文c", "😀e\u{301}😀x"] {
            for width in 0...40 {
                let out = TextFit.truncate(text, toWidth: width)
                let fits = text.displayWidth <= width
                #expect(out.displayWidth == (fits ? text.displayWidth : width), "\(text) @\(width) → \(out)")
            }
        }
    }

    @Test func identifiersKeepTheirEnd() {
        #expect(TextFit.truncateKeepingEnd("SIM1796177330-12", toWidth: 16) == "SIM1796177330-12")
        #expect(TextFit.truncateKeepingEnd("SIM1796177330-12", toWidth: 15) == "SIM1…6177330-12")
        #expect(TextFit.truncateKeepingEnd("SIM1796177330-12", toWidth: 10) == "SIM…330-12")
        #expect(TextFit.truncateKeepingEnd("SIM1796177330-12", toWidth: 4) == "…-12")
        #expect(TextFit.truncateKeepingEnd("SIM1796177330-12", toWidth: 1) == "…")
        #expect(TextFit.truncateKeepingEnd("SIM1796177330-12", toWidth: 0) == "")
        #expect(TextFit.truncateKeepingEnd("供应商卡密批次-二〇二六.txt", toWidth: 12) == "供 …二六.txt")  // 应 would straddle: space
        #expect(TextFit.cutEnd("卡密.txt", toWidth: 5) == " .txt")
        for text in [Sample.longName, "a中b文c", "😀e\u{301}😀x", "SIMT1796177330-1234567"] {
            for width in 0...40 {
                let out = TextFit.truncateKeepingEnd(text, toWidth: width)
                let fits = text.displayWidth <= width
                #expect(out.displayWidth == (fits ? text.displayWidth : width), "\(text) @\(width) → \(out)")
            }
        }
    }

    @Test func padToExactWidth() {
        #expect(TextFit.pad("中", toWidth: 5) == "中   ")
        #expect(TextFit.pad("中", toWidth: 5, alignment: .right) == "   中")
        #expect(TextFit.pad("中", toWidth: 5, alignment: .center) == " 中  ")
        #expect(TextFit.pad("腾讯Q币", toWidth: 5) == "腾讯…")
        #expect(TextFit.pad("腾讯Q币", toWidth: 4) == "腾 …")
        for width in 0...30 {
            #expect(TextFit.pad(Sample.longName, toWidth: width, alignment: .center).displayWidth == width)
        }
    }

    @Test func wrapBreaksAtSpacesOrAnywhereInChinese() {
        #expect(TextFit.wrap("Refund this order now", width: 10) == ["Refund", "this order", "now"])
        #expect(TextFit.wrap("腾讯Q币100元直充", width: 6) == ["腾讯Q", "币100", "元直充"])
        #expect(TextFit.wrap("第一行\n第二行", width: 20) == ["第一行", "第二行"])
        #expect(TextFit.wrap("中文", width: 1) == [" ", " "])
        for width in 1...20 {
            #expect(TextFit.wrap(Sample.longName + " and more words", width: width).allSatisfy { $0.displayWidth <= width })
        }
    }
}

@Suite("Text field editing")
struct TextFieldStateTests {
    @Test func editingOperations() {
        var s = TextFieldState("腾讯", caret: 1)
        s.insert("Q")
        #expect(s.value == "腾Q讯" && s.caret == 2)
        #expect(s.caretColumn == 3)
        s.backspace()
        #expect(s.value == "腾讯" && s.caret == 1)
        s.deleteForward()
        #expect(s.value == "腾" && s.caret == 1)
        s.moveHome(); #expect(s.caret == 0)
        s.moveLeft(); #expect(s.caret == 0)
        s.backspace(); #expect(s.value == "腾")
        s.moveEnd(); s.moveRight(); #expect(s.caret == 1)
        s.insert("e\u{7}\n"); #expect(s.value == "腾e" && s.caret == 2)
        s.insert("\u{301}"); #expect(s.value == "腾é" && s.caret == 2)  // combines: still two characters
        #expect(s.applying(.enter) == nil)
        #expect(s.applying(.char("x"))?.value == "腾éx")
        #expect(s.applying(.left)?.caret == 1)
        #expect(s.applying(.ctrl("u"))?.value == "")
        #expect(TextFieldState("abc", caret: 99).caret == 3)
    }

    @Test func scrollKeepsCaretInField() {
        #expect(TextField.scrollColumn(caretColumn: 5, fieldWidth: 10) == 0)
        #expect(TextField.scrollColumn(caretColumn: 12, fieldWidth: 10) == 3)
        var screen = Screen(width: 6, height: 1)
        TextField(state: TextFieldState("腾讯Q币100")).render(into: &screen, area: Rect(screen))
        #expect(screen.cursor == Point(x: 5, y: 0))
        #expect(screen.lines == ["币100 "])
    }
}

@Suite("Dialog state")
struct DialogStateTests {
    @Test func focusStartsOnCancelAndMoves() {
        var state = ConfirmDialogState()
        #expect(state.focus == .cancel)
        #expect(state.handle(.enter) == .cancelled)
        #expect(state.handle(.right) == nil)
        #expect(state.focus == .confirm)
        #expect(state.handle(.enter) == .confirmed)
        #expect(state.handle(.tab) == nil && state.focus == .cancel)
        #expect(state.handle(.escape) == .cancelled)
        #expect(state.handle(.char("x")) == nil && state.focus == .cancel)
    }

    @Test func tableScrollOffset() {
        #expect(Table.scrollOffset(selected: 0, previous: 0, visibleRows: 3, rowCount: 10) == 0)
        #expect(Table.scrollOffset(selected: 5, previous: 0, visibleRows: 3, rowCount: 10) == 3)
        #expect(Table.scrollOffset(selected: 4, previous: 3, visibleRows: 3, rowCount: 10) == 3)  // no jump
        #expect(Table.scrollOffset(selected: 1, previous: 3, visibleRows: 3, rowCount: 10) == 1)
        #expect(Table.scrollOffset(selected: 2, previous: 8, visibleRows: 3, rowCount: 4) == 1)   // rows deleted
        #expect(Table.scrollOffset(selected: nil, previous: 2, visibleRows: 0, rowCount: 4) == 0)
    }

    @Test func selectionVisibleWithoutColour() {
        var screen = Screen(width: 30, height: 5)
        Sample.table(selected: 1).render(into: &screen, area: Rect(screen))
        #expect((0..<30).allSatisfy { screen[$0, 3].style.reverse })
        #expect(!(0..<30).contains { screen[$0, 2].style.reverse })
        var tabs = Screen(width: 30, height: 1)
        Tabs(titles: ["a", "b"], active: 1).render(into: &tabs, area: Rect(tabs))
        #expect(tabs[7, 0].style.reverse && tabs[7, 0].style.bold && !tabs[1, 0].style.reverse)
    }
}
