import KamengDomain
import KamengConsole
import TerminalUI
import Testing

@Suite("render: golden screens")
struct GoldenTests {
    @Test func ordersPaneChinese120x40() {
        var state = Fixture.state(rows: Fixture.orders(0..<60), width: 120, height: 40)
        _ = reduce(&state, .stockLoaded([]))
        _ = reduce(&state, .command(.moveDown))
        Golden.check(render(state, width: 120, height: 40), "orders-zh-120x40")
    }

    @Test func ordersPaneChinese60x15() {
        var state = Fixture.state(rows: Fixture.orders(0..<60), width: 60, height: 15)
        _ = reduce(&state, .stockLoaded([]))
        for _ in 0..<12 { _ = reduce(&state, .command(.moveDown)) }
        Golden.check(render(state, width: 60, height: 15), "orders-zh-60x15")
    }

    @Test func ordersPaneEnglishAsciiWhileLoadingMore() {
        var state = Fixture.state(rows: Fixture.orders(0..<50), width: 80, height: 12, language: .en)
        state.glyphs = .ascii
        _ = reduce(&state, .stockLoaded([]))
        _ = reduce(&state, .command(.bottom))
        Golden.check(render(state, width: 80, height: 12), "orders-en-ascii-80x12")
    }

    /// Live orders' numbers (`SIM<run tag>-<n>`) differ only at their end: the column widens to show them
    /// whole, and less important columns give way first.
    @Test(arguments: [(120, 40, UILanguage.zh), (120, 40, .en), (80, 24, .zh), (80, 24, .en)])
    func liveOrderNumbersAreShownWhole(width: Int, height: Int, language: UILanguage) {
        let rows = Fixture.orders(0..<30).enumerated().map { i, summary in
            var s = summary
            s.order.orderNo = "SIM1796177330-\(1_000_000 + i * 37)"
            return s
        }
        var state = Fixture.state(rows: rows, width: width, height: height, language: language)
        _ = reduce(&state, .stockLoaded([]))
        let screen = render(state, width: width, height: height)
        for row in rows.prefix(height - 6) {
            #expect(Golden.text(screen).contains(row.order.orderNo), "\(row.order.orderNo) is not shown whole at \(width)×\(height)")
        }
        Golden.check(screen, "orders-live-numbers-\(language == .zh ? "zh" : "en")-\(width)x\(height)")
    }

    @Test func beforeTheFirstAnswerTheListSaysItIsLoading() {
        var state = ConsoleState(language: .zh, timeZone: ConsoleClock.beijing)
        _ = reduce(&state, .resized(width: 60, height: 10))
        _ = reduce(&state, .started)
        Golden.check(render(state, width: 60, height: 10), "orders-loading-60x10")
    }

    @Test func helpOverlayIsGeneratedFromTheKeymaps() {
        var state = Fixture.state(rows: Fixture.orders(0..<10), width: 80, height: 30)
        _ = reduce(&state, .stockLoaded([]))
        _ = reduce(&state, .command(.toggleHelp))
        Golden.check(render(state, width: 80, height: 30), "help-zh-80x30")
    }

    @Test func tooSmall() {
        let state = Fixture.state(rows: Fixture.orders(0..<10), width: 30, height: 8)
        Golden.check(render(state, width: 30, height: 8), "toosmall-zh-30x8")
    }

    @Test func alertsAndEmptyRiskPanes() {
        var state = Fixture.state(rows: Fixture.orders(0..<10), width: 70, height: 12)
        _ = reduce(&state, .stockLoaded([
            Fixture.stock("QB-100", "腾讯Q币100元直充", available: 0, threshold: 50),
            Fixture.stock("IQY-M", "爱奇艺黄金会员月卡", available: 12, threshold: 40),
            Fixture.stock("NE-50", "网易一卡通50点", available: 500, threshold: 40),
        ]))
        _ = reduce(&state, .command(.showAlerts))
        Golden.check(render(state, width: 70, height: 12), "alerts-zh-70x12")
        _ = reduce(&state, .command(.showRisk))
        Golden.check(render(state, width: 70, height: 12), "risk-empty-zh-70x12")
    }

    @Test func dataTextNeverReachesTheScreenAsControlCharacters() {
        let state = Fixture.state(rows: Fixture.orders(0..<10), width: 200, height: 20)
        let text = render(state, width: 200, height: 20).lines.joined(separator: "\n")
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B })
        #expect(text.contains("^[[31m"))
    }

    @Test func everySizeRendersWithoutBreakingScreenInvariants() {
        var state = Fixture.state(rows: Fixture.orders(0..<60))
        _ = reduce(&state, .command(.toggleHelp))
        for width in [1, 10, 39, 40, 41, 59, 77, 120, 201] {
            for height in [1, 9, 10, 11, 24] {
                let screen = render(state, width: width, height: height)
                #expect(screen.invariantViolations().isEmpty, "\(width)x\(height)")
            }
        }
    }
}
