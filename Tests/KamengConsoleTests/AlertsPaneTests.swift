import Foundation
@testable import KamengConsole
import KamengDomain
import KamengStorage
import TerminalUI
import Testing

/// The alerts pane without a database: ranking by days of cover, acknowledgements that hide an alert
/// until stock falls further, the threshold editor, the role check, and golden screens.
@Suite("alerts pane")
struct AlertsPaneTests {
    static let levels = [
        Fixture.stock("QB-100", "腾讯Q币100元直充", available: 0, threshold: 50),
        Fixture.stock("IQY-M", Fixture.longName, available: 12, threshold: 40),
        Fixture.stock("NE-50", "网易一卡通50点", available: 30, threshold: 40),
        Fixture.stock("OK-1", "充足商品", available: 900, threshold: 40),
    ]
    static let sales = ["QB-100": [3, 4, 5, 6, 5, 4, 3, 6, 7, 8, 9, 8, 7, 6], "IQY-M": Array(repeating: 2, count: 14),
                        "NE-50": Array(repeating: 20, count: 14), "OK-1": Array(repeating: 1, count: 14)]

    static func state(role: Role = .operator, acks: [String: StockAlertAck] = [:], width: Int = 120, height: Int = 30,
                      language: UILanguage = .zh) -> ConsoleState {
        var state = Fixture.state(rows: [], width: width, height: height, language: language)
        state.role = role
        _ = reduce(&state, .alerts(.contextLoaded(sales: sales, acks: acks, at: Fixture.newest)))
        _ = reduce(&state, .stockLoaded(levels))
        _ = reduce(&state, .command(.showAlerts))
        return state
    }

    @Test func rankedByDaysOfCoverWithTheReasons() {
        let rows = Self.state().alerts.rows
        // OK-1 has plenty, but two keys expire soon: it is listed last.
        #expect(rows.map(\.level.product.sku) == ["QB-100", "NE-50", "IQY-M", "OK-1"])
        #expect(rows[3].alert.reasons == [.expiringSoon])
        #expect(rows[0].alert.reasons.contains(.outOfStock))
        #expect(rows[1].alert.daysOfCover.map { $0 < 2 } == true)
    }

    /// The levels as a reload reads them: kept counts, the expiring keys not counted.
    static var uncountedLevels: [StockLevel] {
        levels.map { level in
            var level = level
            level.expiringWithin7Days = nil
            return level
        }
    }

    @Test("the expiring keys are counted beside the reloads, at most once a second and only while the pane stays in front, and fill every reload's levels")
    func expiringKeysOnTheirOwnCadence() {
        var state = Fixture.state(rows: [], width: 120, height: 30, language: .zh)
        _ = reduce(&state, .alerts(.contextLoaded(sales: Self.sales, acks: [:], at: Fixture.newest)))
        // The first reload asks for a count once the pane has stayed in front a moment; behind another
        // pane, the moment passes without a count, and the next reload asks again.
        #expect(reduce(&state, .stockLoaded(Self.uncountedLevels)) == [.alerts(.expiryDueSoon)])
        #expect(reduce(&state, .alerts(.expiryDue)) == [] && !state.alerts.countingExpiry)
        _ = reduce(&state, .command(.showAlerts))
        #expect(reduce(&state, .stockLoaded(Self.uncountedLevels)) == [.alerts(.expiryDueSoon)])
        #expect(reduce(&state, .alerts(.expiryDue)) == [.alerts(.countExpiry)])
        // Until the count answers, the column shows "…" and no expiry alert.
        #expect(!state.alerts.rows.contains { $0.alert.reasons == [.expiringSoon] })
        func qbLine() -> String { render(state, width: 120, height: 30).lines.first { $0.contains("QB-100") } ?? "" }
        #expect(qbLine().contains("…"), "\(qbLine())")
        // A reload while the count runs asks for no second one.
        #expect(reduce(&state, .stockLoaded(Self.uncountedLevels)) == [])
        _ = reduce(&state, .alerts(.expiryCounted(["OK-1": 2, "QB-100": 7], at: Fixture.newest)))
        #expect(state.alerts.levels?.first { $0.product.sku == "OK-1" }?.expiringWithin7Days == 2)
        #expect(state.alerts.rows.last?.alert.reasons == [.expiringSoon])
        #expect(!qbLine().contains("…") && qbLine().contains(" 7│"), "\(qbLine())")
        // Within the second, reloads take the counted figures and count nothing.
        _ = reduce(&state, .alerts(.contextLoaded(sales: Self.sales, acks: [:], at: Fixture.newest.addingTimeInterval(0.9))))
        #expect(reduce(&state, .stockLoaded(Self.uncountedLevels)) == [])
        #expect(state.alerts.levels?.first { $0.product.sku == "QB-100" }?.expiringWithin7Days == 7)
        #expect(state.alerts.levels?.first { $0.product.sku == "NE-50" }?.expiringWithin7Days == 0)
        // A second on, the next reload counts again; a count that fails keeps the last figures.
        _ = reduce(&state, .alerts(.contextLoaded(sales: Self.sales, acks: [:], at: Fixture.newest.addingTimeInterval(1))))
        #expect(reduce(&state, .stockLoaded(Self.uncountedLevels)) == [.alerts(.expiryDueSoon)])
        #expect(reduce(&state, .alerts(.expiryDue)) == [.alerts(.countExpiry)])
        _ = reduce(&state, .alerts(.expiryCounted(nil, at: Fixture.newest.addingTimeInterval(1.1))))
        #expect(state.alerts.levels?.first { $0.product.sku == "QB-100" }?.expiringWithin7Days == 7)
        #expect(!state.alerts.countingExpiry)
    }

    @Test func acknowledgingAsksTheStoreAndAnAcknowledgedAlertHidesUntilItGetsWorse() {
        var state = Self.state()
        #expect(reduce(&state, .command(state.command(for: .char("a"))!)) == [.alerts(.acknowledge(sku: "QB-100", snoozeHours: nil))])
        _ = reduce(&state, .command(.moveDown))
        #expect(reduce(&state, .command(.snooze)) == [.alerts(.acknowledge(sku: "NE-50", snoozeHours: 24))])
        let acked = Self.state(acks: ["NE-50": StockAlertAck(sku: "NE-50", availableAtAck: 30, by: "ops", at: Fixture.newest)])
        #expect(!acked.alerts.rows.contains { $0.level.product.sku == "NE-50" })
        var all = acked
        _ = reduce(&all, .command(.toggleAcknowledged))
        #expect(all.alerts.rows.first { $0.level.product.sku == "NE-50" }?.ack?.by == "ops")
        let fell = Self.state(acks: ["NE-50": StockAlertAck(sku: "NE-50", availableAtAck: 70, by: "ops", at: Fixture.newest)])
        #expect(fell.alerts.rows.contains { $0.level.product.sku == "NE-50" }, "30 is under half of 70: it came back")
    }

    @Test func theThresholdEditorTakesDigitsOnly() {
        var state = Self.state()
        _ = reduce(&state, .command(.editThreshold))
        #expect(state.capturesKeys && state.alerts.editing?.field.value == "50")
        _ = reduce(&state, .typed(.ctrl("u")))
        for c in "8x0" { _ = reduce(&state, .typed(.char(c))) }
        #expect(reduce(&state, .typed(.enter)) == [.alerts(.setThreshold(sku: "QB-100", threshold: 80))])
        #expect(!state.capturesKeys)
    }

    @Test func supportSeesAlertsButIsNotOfferedTheirActions() {
        var state = Self.state(role: .support)
        #expect(!state.hintBindings.contains { $0.action == .acknowledge || $0.action == .editThreshold })
        #expect(reduce(&state, .command(.acknowledge)).isEmpty)
    }

    @Test func goldenScreens() {
        let state = Self.state()
        Golden.check(render(state, width: 120, height: 30), "alerts-120x30-zh")
        var english = Self.state(width: 60, height: 15, language: .en)
        english.glyphs = .ascii
        Golden.check(render(english, width: 60, height: 15), "alerts-60x15-en-ascii")
    }
}
