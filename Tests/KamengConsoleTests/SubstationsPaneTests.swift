import Foundation
@testable import KamengConsole
import KamengDomain
import KamengStorage
import TerminalUI
import Testing

/// The substation pane without a database: ranking, a selection that follows its substation, suspend /
/// resume behind a confirm on Cancel, the role check, and golden screens with Chinese names.
@Suite("substations pane")
struct SubstationsPaneTests {
    static let now = Fixture.newest

    static func row(_ code: String, _ name: String, status: SubstationStatus = .active, beatAgo: Double?, failures: Int = 0,
                    p95: Int = 800, orders: Int = 40, notices: NoticeBacklog? = nil) -> SubstationHealthRow {
        let station = Substation(id: Int64(abs(code.hashValue % 10_000)), code: code, name: name, domain: "\(code).example.com",
                                 commissionBasisPoints: 1_250, status: status, expiresAt: now.addingTimeInterval(30 * 86_400), createdAt: now)
        var history: [SubstationSignal] = []
        if let ago = beatAgo {
            for i in 0..<48 {
                let at: Date = now.addingTimeInterval(-ago - Double(47 - i) * 1_800)
                let failed: Int = i > 40 ? failures : 0
                history.append(SubstationSignal(substationId: station.id!, at: at, callbacks: 100, callbackFailures: failed,
                                                deliveryP95Ms: p95 + i * 10, ordersLastHour: orders + i % 7))
            }
        }
        return SubstationHealthRow(substation: station, report: HealthEvaluator.evaluate(substation: station, signals: history, now: now, notices: notices),
                                   history: history)
    }

    static let rows = SubstationHealthRow.ranked([
        row("main-east", "华东主站", beatAgo: 20),
        // Its shop's notify URL fails too: 17 notices undelivered, the oldest 40 minutes old (notify_failures).
        row("sh-xiaoqi", "上海小七数码（24小时自动发货·超长分站名称测试）", beatAgo: 30, failures: 35,
            notices: NoticeBacklog(undelivered: 17, failing: 17, oldestAt: now.addingTimeInterval(-2_400))),
        row("gz-dead", "广州老王", beatAgo: 3_600),
        row("bj-paused", "北京暂停店", status: .suspended, beatAgo: 40),
        row("sz-slow", "深圳慢发货", beatAgo: 25, p95: 7_000),
    ])

    /// The API's last 5 minutes: sh-xiaoqi's shop is busy and its notify URL failing; gz-dead sends nothing.
    static let traffic: [String: APITrafficTally] = [
        "main-east": APITrafficTally(requests: 1_204, rejects: 3),
        "sh-xiaoqi": APITrafficTally(requests: 86, rejects: 12, backlog: 17, oldestBacklogAt: now.addingTimeInterval(-2_400), failing: 17),
        "sz-slow": APITrafficTally(requests: 40, rejects: 0, backlog: 1, oldestBacklogAt: now.addingTimeInterval(-20)),
    ]

    static func state(width: Int = 120, height: Int = 40, language: UILanguage = .zh, role: Role = .oncall) -> ConsoleState {
        var state = Fixture.state(rows: [], width: width, height: height, language: language)
        state.role = role
        _ = reduce(&state, .substations(.loaded(rows)))
        _ = reduce(&state, .substations(.trafficLoaded(traffic)))
        _ = reduce(&state, .command(.showSubstations))
        return state
    }

    @Test func worstFirstThenByCode() {
        let levels = Self.rows.map(\.report.level)
        #expect(levels == levels.sorted(by: >))
        #expect(Self.rows.first?.substation.code == "gz-dead")
        #expect(Self.rows.last?.report.level == .ok)
    }

    @Test func theSelectionFollowsItsSubstationWhenTheRankingChanges() {
        var state = Self.state()
        _ = reduce(&state, .command(.moveDown))
        let code = state.substations.selectedRow?.substation.code
        _ = reduce(&state, .substations(.loaded(Array(Self.rows.reversed()))))
        #expect(state.substations.selectedRow?.substation.code == code)
    }

    @Test func suspendAsksFirstWithFocusOnCancel() {
        var state = Self.state()
        let target = state.substations.selectedRow!.substation.code
        _ = reduce(&state, .command(state.command(for: .char("s"))!))
        guard case .setStatus(let code, _, let to, let focus)? = state.substations.dialog else { Issue.record("no dialog"); return }
        #expect(code == target && to == .suspended && focus.focus == .cancel)
        #expect(state.capturesKeys)
        #expect(reduce(&state, .typed(.enter)).isEmpty, "Enter on Cancel does nothing")
        _ = reduce(&state, .command(.suspendSubstation))
        _ = reduce(&state, .typed(.tab))
        #expect(reduce(&state, .typed(.enter)) == [.substations(.setStatus(code: target, to: .suspended))])
        #expect(reduce(&state, .substations(.statusChanged(code: target, to: .suspended))) == [.substations(.load)])
        #expect(state.substations.selectedRow?.substation.status == .suspended, "shown before the reload answers")
    }

    @Test func resumeIsOfferedOnlyForASuspendedSubstation() {
        var state = Self.state()
        _ = reduce(&state, .command(.resumeSubstation))
        #expect(state.substations.dialog == nil, "an active substation cannot be resumed")
        let paused = Self.rows.firstIndex { $0.substation.code == "bj-paused" }!
        state.substations.selected = paused
        _ = reduce(&state, .command(.resumeSubstation))
        guard case .setStatus(_, _, let to, _)? = state.substations.dialog else { Issue.record("no dialog"); return }
        #expect(to == .active)
    }

    @Test func supportMayNotSuspendAndIsNotOfferedIt() {
        var state = Self.state(role: .support)
        #expect(!state.hintBindings.contains { $0.action == .suspendSubstation })
        _ = reduce(&state, .command(.suspendSubstation))
        #expect(state.substations.dialog == nil)
        let oncall = Self.state(role: .oncall)
        #expect(oncall.hintBindings.contains { $0.action == .suspendSubstation })
    }

    @Test("each substation's API requests/rejects over 5 minutes, its outbox backlog and the notify_failures finding, in the table and the detail")
    func apiFigures() {
        var state = Self.state(language: .en)
        let screen = render(state, width: 120, height: 40).lines
        func line(_ code: String) -> String { screen.first { $0.contains(code) } ?? "" }
        #expect(line("main-east").contains("1204/3"), "\(line("main-east"))")
        #expect(line("sh-xiaoqi").contains("86/12") && line("sh-xiaoqi").contains("17"))
        #expect(line("gz-dead").contains("0/0"), "a substation the API has not heard from shows zero")
        state.substations.selected = Self.rows.firstIndex { $0.substation.code == "sh-xiaoqi" }!
        _ = reduce(&state, .command(.activate))
        let detail = render(state, width: 120, height: 40).lines
        #expect(detail.contains { $0.contains("API (last 5 min): 86 requests, 12 rejected; outbox 17 waiting") && $0.contains("17 failing") })
        #expect(detail.contains { $0.contains("- 17 notices to the shop failed and are undelivered (limit 10)") }, "the notify_failures finding, in words")
        // A store without the figures leaves the columns at "—" and the list as it was.
        _ = reduce(&state, .command(.closeOverlay))
        _ = reduce(&state, .substations(.trafficLoaded(nil)))
        let unknown = render(state, width: 120, height: 40).lines
        #expect(!unknown.contains { $0.contains("1204/3") })
        #expect(state.substations.rows == Self.rows)
    }

    @Test func goldenScreens() {
        var state = Self.state()
        Golden.check(render(state, width: 120, height: 40), "substations-120x40-zh")
        let english = Self.state(width: 60, height: 20, language: .en)
        Golden.check(render(english, width: 60, height: 20), "substations-60x20-en")
        state.substations.selected = Self.rows.firstIndex { $0.substation.code == "sh-xiaoqi" }!
        _ = reduce(&state, .command(.activate))
        #expect(state.substations.showingDetail)
        Golden.check(render(state, width: 120, height: 40), "substation-detail-120x40-zh")
        _ = reduce(&state, .command(.closeOverlay))
        #expect(!state.substations.showingDetail)
    }
}
